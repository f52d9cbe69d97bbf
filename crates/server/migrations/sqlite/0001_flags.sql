-- Confirmed flags. `body` is the flag's canonical JSON and the source of truth; the other columns are copies of
-- its fields so that lookups and ordering need no JSON parsing. Times are RFC 3339 UTC with a fixed nine-digit
-- fraction. `seq` is the order of arrival, which a clock that steps back cannot reorder.
CREATE TABLE flags (
    seq         INTEGER PRIMARY KEY,
    id          TEXT NOT NULL UNIQUE,
    category    TEXT NOT NULL,
    created_at  TEXT NOT NULL,
    received_at TEXT NOT NULL,
    body        TEXT NOT NULL
) STRICT;

CREATE INDEX flags_category ON flags (category);
