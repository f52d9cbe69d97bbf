-- Issue 16: reads that stay bounded however many flags are stored. Must stay equivalent to
-- ../postgres/0005_bounded_reads.sql.
--
-- `notice_key` is the key of the notice a flag belongs to (`message:-100…/7`, `channel:@x`, `account:user42`), so
-- that a notice's flags are found through an index; `turnaround_seconds` is the time from approval to the
-- platform's outcome, so that the turnaround figures are computed by the database. The server fills both in for
-- flags stored before this migration when it starts (the key needs the flag's JSON, which SQL does not read).
ALTER TABLE flags ADD COLUMN notice_key TEXT;
ALTER TABLE flags ADD COLUMN turnaround_seconds INTEGER;

CREATE INDEX flags_notice ON flags (notice_key, seq);
CREATE INDEX flags_turnaround ON flags (category, turnaround_seconds);
