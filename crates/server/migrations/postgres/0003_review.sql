-- Issue 9: roles for tokens, four-eyes review of flags, channel and account flags, and the platform's turnaround.
-- Must stay equivalent to ../sqlite/0003_review.sql: see the comments there (existing flaggers become analysts;
-- flags stored as `submitted` become `approved`, approved when received).
ALTER TABLE flaggers ADD COLUMN role TEXT NOT NULL DEFAULT 'analyst'
    CHECK (role IN ('analyst', 'reviewer', 'liaison', 'admin'));

ALTER TABLE flags DROP CONSTRAINT flags_status_check;

ALTER TABLE flags
    ADD COLUMN reviewer_id           BIGINT REFERENCES flaggers (id),
    ADD COLUMN reviewer_analyst      TEXT,
    ADD COLUMN reviewer_organisation TEXT,
    ADD COLUMN review_decision       TEXT CHECK (review_decision IN ('approve', 'return')),
    ADD COLUMN reviewed_at           TEXT,
    ADD COLUMN review_reason         TEXT,
    ADD COLUMN approved_at           TEXT,
    ADD COLUMN outcome_at            TEXT;

UPDATE flags SET
    approved_at = received_at,
    outcome_at = CASE WHEN status IN ('actioned', 'rejected') THEN status_changed_at END,
    status = CASE status WHEN 'submitted' THEN 'approved' ELSE status END;

ALTER TABLE flags ADD CONSTRAINT flags_status_check CHECK (status IN ('pending_review', 'returned', 'approved',
                                                                      'acknowledged', 'actioned', 'rejected'));

CREATE INDEX flags_flagger ON flags (flagger_id, seq);
