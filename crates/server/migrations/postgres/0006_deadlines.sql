-- Issue 18: every notice against its deadline, escalations, and the periodic report. Must stay equivalent to
-- ../sqlite/0006_deadlines.sql: see the comments there.
ALTER TABLE flags ADD COLUMN platform TEXT NOT NULL DEFAULT 'telegram';
ALTER TABLE flags ADD COLUMN deadline_at TEXT;
ALTER TABLE flags ADD COLUMN escalation TEXT
    CHECK (escalation IN ('warning_1', 'warning_2', 'restriction_requested', 'disputed', 'resolved'));
ALTER TABLE flags ADD COLUMN escalation_at TEXT;
ALTER TABLE flags ADD COLUMN escalation_reason TEXT;

CREATE INDEX flags_approved ON flags (approved_at);
CREATE INDEX flags_deadline ON flags (deadline_at, seq);
CREATE INDEX flags_report_times ON flags (platform, category, turnaround_seconds, approved_at);
