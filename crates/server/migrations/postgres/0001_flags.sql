-- The PostgreSQL twin of ../sqlite/0001_flags.sql (the first shape of a flag); 0002 sets it aside. Kept so that
-- both directories hold the same migrations under the same versions.
CREATE TABLE flags (
    seq         BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    id          TEXT NOT NULL UNIQUE,
    category    TEXT NOT NULL,
    created_at  TEXT NOT NULL,
    received_at TEXT NOT NULL,
    body        TEXT NOT NULL
);

CREATE INDEX flags_category ON flags (category);
