-- Issue 10, the console's actions: who asked for a run by hand and why ("run now", trigger manual), and for a rerun
-- (trigger rerun) the run whose failed jobs it runs again and those jobs (a JSON list of names). Written in the
-- same transaction as the fire and the QUEUED run, so that a restart resumes a rerun with its jobs only.
CREATE TABLE run_request (
    run_id        VARCHAR(40)   NOT NULL PRIMARY KEY REFERENCES run (id),
    requested_by  VARCHAR(200)  NOT NULL,
    reason        VARCHAR(2000),
    rerun_of      VARCHAR(40),
    jobs          VARCHAR(8000)
);
