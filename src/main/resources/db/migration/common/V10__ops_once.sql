-- Issue 9: things that must happen once per cluster, whatever the number of nodes or restarts (the
-- "no recent backup" and "recovered" mails, the daily digest, a certificate or repository warning).
-- The node that inserts the key does the thing; every other node (or a restart) finds the key taken.
CREATE TABLE ops_once (
    once_key    VARCHAR(300) NOT NULL PRIMARY KEY,
    done_at     TIMESTAMP WITH TIME ZONE NOT NULL,
    node        VARCHAR(200),
    detail      VARCHAR(2000)
);
