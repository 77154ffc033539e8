-- Issue 9, the daily digest: each repository's free space as the digest of one day saw it (taken from
-- the Veeam server at digest time), so the next digests can say how it changed over the week.
CREATE TABLE digest_repository (
    digest_date   DATE         NOT NULL,
    server        VARCHAR(63)  NOT NULL,
    repository    VARCHAR(400) NOT NULL,
    free_gb       DOUBLE PRECISION NOT NULL,
    capacity_gb   DOUBLE PRECISION NOT NULL,
    seen_at       TIMESTAMP WITH TIME ZONE NOT NULL,
    PRIMARY KEY (digest_date, server, repository)
);
