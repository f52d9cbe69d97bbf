-- Issue 18: every notice against its deadline, escalations, and the periodic report. Must stay equivalent to
-- ../postgres/0006_deadlines.sql.
--
-- `deadline_at` is set when a flag is approved (the notice is sent to the platform), from the category's deadline
-- in the server's policy at that moment, so a later change of policy does not move a running clock; flags approved
-- before this migration have none. `platform` is the target's platform, for the figures per platform (Telegram is
-- the only one so far, so every stored flag is Telegram's). The escalation columns hold the latest step of the
-- notice's escalation; each step is also in the audit log.
ALTER TABLE flags ADD COLUMN platform TEXT NOT NULL DEFAULT 'telegram';
ALTER TABLE flags ADD COLUMN deadline_at TEXT;
ALTER TABLE flags ADD COLUMN escalation TEXT
    CHECK (escalation IN ('warning_1', 'warning_2', 'restriction_requested', 'disputed', 'resolved'));
ALTER TABLE flags ADD COLUMN escalation_at TEXT;
ALTER TABLE flags ADD COLUMN escalation_reason TEXT;

CREATE INDEX flags_approved ON flags (approved_at);
CREATE INDEX flags_deadline ON flags (deadline_at, seq);
-- The report's percentiles: a group's times in order, with the approval to keep to the period, from the index alone.
CREATE INDEX flags_report_times ON flags (platform, category, turnaround_seconds, approved_at);
