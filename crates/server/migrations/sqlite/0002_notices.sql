-- Issue 6: flags become notices (notifier, target, evidence, classification, requested action, detection) with a
-- server-owned status; flaggers authenticate with tokens; every change is written to an append-only audit log.
-- Must stay equivalent to ../postgres/0002_notices.sql (same tables, columns, constraints and triggers).
--
-- Flags of the first shape cannot become notices (they name no notifier and no chat), so they are kept aside,
-- untouched, rather than dropped.
ALTER TABLE flags RENAME TO flags_v0;
DROP INDEX flags_category;

-- A flagger is a registered analyst. Only the SHA-256 of their token is stored. A name is unique among active
-- flaggers, so a revoked name can be registered again with a new token.
CREATE TABLE flaggers (
    id           INTEGER PRIMARY KEY,
    name         TEXT NOT NULL,
    organisation TEXT,
    token_hash   TEXT NOT NULL UNIQUE,
    created_at   TEXT NOT NULL,
    revoked_at   TEXT
) STRICT;

CREATE UNIQUE INDEX flaggers_active_name ON flaggers (name) WHERE revoked_at IS NULL;

-- `body` is the posted flag's canonical JSON (without a notifier claim) and the source of truth for what was
-- posted; the other columns are server-owned state, or copies of fields that filters and ordering use. Times are
-- RFC 3339 UTC with a fixed nine-digit fraction, so comparing the text compares the times. `seq` is the order of
-- arrival: writers are serialized, so it is also the order of commit, and a cursor over it never skips a row.
CREATE TABLE flags (
    seq                   INTEGER PRIMARY KEY,
    id                    TEXT NOT NULL UNIQUE,
    flagger_id            INTEGER NOT NULL REFERENCES flaggers (id),
    notifier_analyst      TEXT NOT NULL,
    notifier_organisation TEXT,
    target_kind           TEXT NOT NULL,
    chat_key              TEXT NOT NULL,
    category              TEXT NOT NULL,
    severity              TEXT NOT NULL,
    confirmed_at          TEXT NOT NULL,
    received_at           TEXT NOT NULL,
    status                TEXT NOT NULL CHECK (status IN ('submitted', 'acknowledged', 'actioned', 'rejected')),
    status_changed_at     TEXT NOT NULL,
    platform_reference    TEXT,
    status_reason         TEXT,
    body                  TEXT NOT NULL
) STRICT;

CREATE INDEX flags_status ON flags (status, seq);
CREATE INDEX flags_category ON flags (category, seq);
CREATE INDEX flags_chat ON flags (chat_key, seq);
CREATE INDEX flags_received ON flags (received_at);

-- Append-only: the code has no UPDATE or DELETE for it, and the triggers refuse them from anywhere else.
CREATE TABLE audit (
    seq      INTEGER PRIMARY KEY,
    at       TEXT NOT NULL,
    actor    TEXT NOT NULL,
    actor_id INTEGER REFERENCES flaggers (id),
    action   TEXT NOT NULL,
    flag_id  TEXT,
    details  TEXT NOT NULL
) STRICT;

CREATE INDEX audit_flag ON audit (flag_id, seq);

CREATE TRIGGER audit_no_update BEFORE UPDATE ON audit
BEGIN
    SELECT RAISE(ABORT, 'the audit log is append-only');
END;

CREATE TRIGGER audit_no_delete BEFORE DELETE ON audit
BEGIN
    SELECT RAISE(ABORT, 'the audit log is append-only');
END;
