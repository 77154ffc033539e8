-- Runs of schedules (steps 2-8 of ME-DS-TI-MNP-12): their stages, their Veeam jobs and the
-- state changes of each job session.

CREATE TABLE run (
    id                   VARCHAR(40)  NOT NULL PRIMARY KEY,
    schedule_id          VARCHAR(63)  NOT NULL REFERENCES schedule (id),
    schedule_version     INTEGER      NOT NULL,
    scheduled_fire_time  TIMESTAMP WITH TIME ZONE NOT NULL,
    started_at           TIMESTAMP WITH TIME ZONE NOT NULL,
    ended_at             TIMESTAMP WITH TIME ZONE,
    status               VARCHAR(16)  NOT NULL,
    result               VARCHAR(16),
    reasons              VARCHAR(100000) NOT NULL
);

CREATE INDEX run_by_schedule ON run (schedule_id, started_at);

CREATE TABLE run_stage (
    run_id      VARCHAR(40)  NOT NULL REFERENCES run (id),
    seq         INTEGER      NOT NULL,
    name        VARCHAR(40)  NOT NULL,
    started_at  TIMESTAMP WITH TIME ZONE NOT NULL,
    ended_at    TIMESTAMP WITH TIME ZONE,
    outcome     VARCHAR(40),
    detail      VARCHAR(100000),
    PRIMARY KEY (run_id, seq)
);

CREATE TABLE run_job (
    run_id       VARCHAR(40)  NOT NULL REFERENCES run (id),
    seq          INTEGER      NOT NULL,
    name         VARCHAR(400) NOT NULL,
    session_id   VARCHAR(64),
    result       VARCHAR(16)  NOT NULL,
    started_at   TIMESTAMP WITH TIME ZONE,
    ended_at     TIMESTAMP WITH TIME ZONE,
    attempts     INTEGER      NOT NULL,
    message      VARCHAR(10000),
    log_records  VARCHAR(100000) NOT NULL,
    PRIMARY KEY (run_id, seq)
);

CREATE TABLE run_job_event (
    run_id      VARCHAR(40)  NOT NULL REFERENCES run (id),
    job_name    VARCHAR(400) NOT NULL,
    session_id  VARCHAR(64)  NOT NULL,
    at          TIMESTAMP WITH TIME ZONE NOT NULL,
    state       VARCHAR(40)  NOT NULL,
    progress    INTEGER      NOT NULL,
    result      VARCHAR(16)
);

CREATE INDEX run_job_event_by_run ON run_job_event (run_id);
