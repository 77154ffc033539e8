-- Issue 9 (Veeam server health): a condition that lasts, such as a repository below the free-space
-- threshold, from when it was first seen (by any node) until it ends. Its mail's once-key carries the
-- start (repository-low:<server>:<repository>:<since>), so a repository that recovers (row deleted)
-- and drops again is a new condition with a new mail.
CREATE TABLE veeam_condition (
    condition_key  VARCHAR(300) NOT NULL PRIMARY KEY,
    since          TIMESTAMP WITH TIME ZONE NOT NULL
);
