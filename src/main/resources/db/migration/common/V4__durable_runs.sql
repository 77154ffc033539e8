-- Issue 7: the run as a persisted state machine (QUEUED -> RUNNING -> NOTIFYING -> CONCLUDED),
-- each Veeam job of a run as one too, the nodes that own runs, and the per-server slot rows that
-- make respaldo.run.max-parallel-jobs hold across threads and nodes.
-- The hand-written runner's table schema_version (V1-V3) is replaced by Flyway's history.

DROP TABLE IF EXISTS schema_version;

ALTER TABLE run ADD COLUMN trigger_kind VARCHAR(16) DEFAULT 'schedule' NOT NULL;
ALTER TABLE run ADD COLUMN queued_at TIMESTAMP WITH TIME ZONE;
ALTER TABLE run ADD COLUMN deadline TIMESTAMP WITH TIME ZONE;
ALTER TABLE run ADD COLUMN node VARCHAR(100);
ALTER TABLE run ADD COLUMN step VARCHAR(24);
ALTER TABLE run ADD COLUMN next_at TIMESTAMP WITH TIME ZONE;
ALTER TABLE run ADD COLUMN veeam_waits INTEGER DEFAULT 0 NOT NULL;
ALTER TABLE run ADD COLUMN director_reached BOOLEAN;
ALTER TABLE run ADD COLUMN schedule_title VARCHAR(200);
ALTER TABLE run ADD COLUMN veeam_server VARCHAR(63);
ALTER TABLE run ADD COLUMN repository VARCHAR(400);
ALTER TABLE run ADD COLUMN storage_path VARCHAR(1000);
ALTER TABLE run ADD COLUMN note VARCHAR(1000);
ALTER TABLE run ALTER COLUMN started_at DROP NOT NULL;

-- runs of the previous version: finished ones are concluded history; unfinished ones (a process
-- that stopped during them, before this upgrade) cannot be resumed and are closed as FAILED
UPDATE run SET queued_at = started_at;
UPDATE run SET status = 'CONCLUDED', director_reached = FALSE,
    reasons = '["interrumpida antes de la actualización de Respaldo; revise en Veeam los trabajos de esta ejecución / interrupted before Respaldo was upgraded; check this run''s jobs in Veeam"]',
    result = 'FAILED', ended_at = started_at
    WHERE ended_at IS NULL;
UPDATE run SET status = 'CONCLUDED' WHERE status <> 'CONCLUDED';
ALTER TABLE run ALTER COLUMN queued_at SET NOT NULL;

CREATE INDEX run_by_status ON run (status, next_at);
CREATE INDEX run_by_schedule_status ON run (schedule_id, status);

ALTER TABLE run_job ADD COLUMN job_id VARCHAR(64);
ALTER TABLE run_job ADD COLUMN server VARCHAR(63);
ALTER TABLE run_job ADD COLUMN state VARCHAR(16) DEFAULT 'DONE' NOT NULL;
ALTER TABLE run_job ADD COLUMN start_requested_at TIMESTAMP WITH TIME ZONE;
ALTER TABLE run_job ADD COLUMN stop_requested_at TIMESTAMP WITH TIME ZONE;
ALTER TABLE run_job ADD COLUMN next_at TIMESTAMP WITH TIME ZONE;
ALTER TABLE run_job ADD COLUMN failures INTEGER DEFAULT 0 NOT NULL;
ALTER TABLE run_job ADD COLUMN unreachable_since TIMESTAMP WITH TIME ZONE;
ALTER TABLE run_job ADD COLUMN session_state VARCHAR(24);
ALTER TABLE run_job ADD COLUMN progress INTEGER;
ALTER TABLE run_job ALTER COLUMN result DROP NOT NULL;

CREATE INDEX run_job_by_server_state ON run_job (server, state);

-- one row per Veeam server: locked while a job takes one of the server's slots
CREATE TABLE veeam_slot (
    server  VARCHAR(63) NOT NULL PRIMARY KEY
);

-- the Respaldo processes (nodes) that own runs, with their heartbeat
CREATE TABLE node (
    name          VARCHAR(100) NOT NULL PRIMARY KEY,
    host          VARCHAR(255) NOT NULL,
    started_at    TIMESTAMP WITH TIME ZONE NOT NULL,
    last_checkin  TIMESTAMP WITH TIME ZONE NOT NULL,
    version       VARCHAR(40)
);

-- what the schedule's Quartz trigger was registered for (ScheduleTriggers.signature: cron, zone, validity,
-- blackouts): a new version that fires at the same times, or a restart, leaves the trigger alone
ALTER TABLE schedule ADD COLUMN trigger_signature VARCHAR(64);
