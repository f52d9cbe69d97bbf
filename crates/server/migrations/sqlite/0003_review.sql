-- Issue 9: roles for tokens, four-eyes review of flags, channel and account flags, and the platform's turnaround.
-- Must stay equivalent to ../postgres/0003_review.sql.
--
-- Every flagger registered before roles existed becomes an `analyst` (the default of `tapis token create`): they
-- keep posting flags, and an operator gives reviewers, liaisons and admins their role with a new token.
ALTER TABLE flaggers ADD COLUMN role TEXT NOT NULL DEFAULT 'analyst'
    CHECK (role IN ('analyst', 'reviewer', 'liaison', 'admin'));

-- The status gains the review: pending_review → approved | returned, then the platform's answers. SQLite cannot
-- change a CHECK constraint, so the table is rebuilt with the same rows. Flags stored before review existed were
-- already handed to the platform as `submitted`: they become `approved` (without a reviewer), approved when they
-- were received. `approved_at` and `outcome_at` (the platform's final answer) measure the turnaround.
CREATE TABLE flags_v3 (
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
    status                TEXT NOT NULL CHECK (status IN ('pending_review', 'returned', 'approved', 'acknowledged',
                                                          'actioned', 'rejected')),
    status_changed_at     TEXT NOT NULL,
    platform_reference    TEXT,
    status_reason         TEXT,
    body                  TEXT NOT NULL,
    reviewer_id           INTEGER REFERENCES flaggers (id),
    reviewer_analyst      TEXT,
    reviewer_organisation TEXT,
    review_decision       TEXT CHECK (review_decision IN ('approve', 'return')),
    reviewed_at           TEXT,
    review_reason         TEXT,
    approved_at           TEXT,
    outcome_at            TEXT
) STRICT;

INSERT INTO flags_v3 (seq, id, flagger_id, notifier_analyst, notifier_organisation, target_kind, chat_key, category,
                      severity, confirmed_at, received_at, status, status_changed_at, platform_reference,
                      status_reason, body, approved_at, outcome_at)
SELECT seq, id, flagger_id, notifier_analyst, notifier_organisation, target_kind, chat_key, category, severity,
       confirmed_at, received_at,
       CASE status WHEN 'submitted' THEN 'approved' ELSE status END,
       status_changed_at, platform_reference, status_reason, body, received_at,
       CASE WHEN status IN ('actioned', 'rejected') THEN status_changed_at END
FROM flags;

DROP TABLE flags;
ALTER TABLE flags_v3 RENAME TO flags;

CREATE INDEX flags_status ON flags (status, seq);
CREATE INDEX flags_category ON flags (category, seq);
CREATE INDEX flags_chat ON flags (chat_key, seq);
CREATE INDEX flags_received ON flags (received_at);
CREATE INDEX flags_flagger ON flags (flagger_id, seq);
