-- Issue 8: the inbox shared by every node. A node claims a file before reading it, in this table of
-- camel-sql's JdbcOrphanLockAwareIdempotentRepository (processor name, message id = the file's
-- identity, created at = the claim's heartbeat): a claim that is not kept alive (its node died) is
-- taken over after respaldo.cluster.inbox-claim-ttl.
CREATE TABLE CAMEL_MESSAGEPROCESSED (
    processorName  VARCHAR(255) NOT NULL,
    messageId      VARCHAR(100) NOT NULL,
    createdAt      TIMESTAMP    NOT NULL,
    PRIMARY KEY (processorName, messageId)
);

-- every node reads back the schedules another node changed (ScheduleRegistry.refresh)
CREATE INDEX schedule_by_update ON schedule (updated_at);
