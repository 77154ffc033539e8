-- Issue 11: what each job did, from Veeam's session report: data processed, read and transferred,
-- the rate, the bottleneck, and per protected object its result and the restore point this session
-- created (objects: a JSON list).
ALTER TABLE run_job ADD COLUMN processed_bytes BIGINT;
ALTER TABLE run_job ADD COLUMN read_bytes BIGINT;
ALTER TABLE run_job ADD COLUMN transferred_bytes BIGINT;
ALTER TABLE run_job ADD COLUMN rate_per_second DOUBLE PRECISION;
ALTER TABLE run_job ADD COLUMN bottleneck VARCHAR(40);
ALTER TABLE run_job ADD COLUMN objects VARCHAR(1000000);
