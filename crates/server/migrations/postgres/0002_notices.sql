-- Issue 6: flags become notices, flaggers authenticate with tokens, changes go to an append-only audit log.
-- Must stay equivalent to ../sqlite/0002_notices.sql: see the comments there. Times are TEXT here too (RFC 3339
-- UTC, fixed width), so that both databases run the very same queries and order the same way.
ALTER TABLE flags RENAME TO flags_v0;
DROP INDEX flags_category;

CREATE TABLE flaggers (
    id           BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    name         TEXT NOT NULL,
    organisation TEXT,
    token_hash   TEXT NOT NULL UNIQUE,
    created_at   TEXT NOT NULL,
    revoked_at   TEXT
);

CREATE UNIQUE INDEX flaggers_active_name ON flaggers (name) WHERE revoked_at IS NULL;

CREATE TABLE flags (
    seq                   BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    id                    TEXT NOT NULL UNIQUE,
    flagger_id            BIGINT NOT NULL REFERENCES flaggers (id),
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
);

CREATE INDEX flags_status ON flags (status, seq);
CREATE INDEX flags_category ON flags (category, seq);
CREATE INDEX flags_chat ON flags (chat_key, seq);
CREATE INDEX flags_received ON flags (received_at);

CREATE TABLE audit (
    seq      BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    at       TEXT NOT NULL,
    actor    TEXT NOT NULL,
    actor_id BIGINT REFERENCES flaggers (id),
    action   TEXT NOT NULL,
    flag_id  TEXT,
    details  TEXT NOT NULL
);

CREATE INDEX audit_flag ON audit (flag_id, seq);

-- Append-only, as in SQLite; TRUNCATE bypasses row triggers, so it gets its own.
CREATE FUNCTION audit_is_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'the audit log is append-only';
END;
$$;

CREATE TRIGGER audit_no_update_or_delete BEFORE UPDATE OR DELETE ON audit
    FOR EACH ROW EXECUTE FUNCTION audit_is_append_only();

CREATE TRIGGER audit_no_truncate BEFORE TRUNCATE ON audit
    FOR EACH STATEMENT EXECUTE FUNCTION audit_is_append_only();
