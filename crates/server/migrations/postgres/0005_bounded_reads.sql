-- Issue 16: reads that stay bounded however many flags are stored. Must stay equivalent to
-- ../sqlite/0005_bounded_reads.sql: see the comments there.
ALTER TABLE flags ADD COLUMN notice_key TEXT;
ALTER TABLE flags ADD COLUMN turnaround_seconds BIGINT;

CREATE INDEX flags_notice ON flags (notice_key, seq);
CREATE INDEX flags_turnaround ON flags (category, turnaround_seconds);
