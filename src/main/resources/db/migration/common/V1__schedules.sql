-- Schedules ("programaciones") with their version history, and the record of every trigger fire.

CREATE TABLE schedule (
    id              VARCHAR(63)  NOT NULL PRIMARY KEY,
    active_version  INTEGER      NOT NULL,
    enabled         BOOLEAN      NOT NULL,
    updated_at      TIMESTAMP WITH TIME ZONE NOT NULL
);

CREATE TABLE schedule_version (
    schedule_id     VARCHAR(63)  NOT NULL REFERENCES schedule (id),
    version         INTEGER      NOT NULL,
    accepted_at     TIMESTAMP WITH TIME ZONE NOT NULL,
    owner           VARCHAR(254) NOT NULL,
    sha256          CHAR(64)     NOT NULL,
    source_file     VARCHAR(1024) NOT NULL,
    archived_file   VARCHAR(2048) NOT NULL,
    content         VARCHAR(1000000) NOT NULL,
    PRIMARY KEY (schedule_id, version)
);

-- one row per fire time: the primary key is what stops a fire time from running twice
CREATE TABLE schedule_fire (
    schedule_id          VARCHAR(63) NOT NULL REFERENCES schedule (id),
    scheduled_fire_time  TIMESTAMP WITH TIME ZONE NOT NULL,
    schedule_version     INTEGER     NOT NULL,
    actual_fire_time     TIMESTAMP WITH TIME ZONE NOT NULL,
    PRIMARY KEY (schedule_id, scheduled_fire_time)
);
