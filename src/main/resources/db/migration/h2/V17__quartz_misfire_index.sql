-- Issue 7, the intake benchmark: every new version of a schedule that fires at other times moves its trigger's
-- NEXT_FIRE_TIME, and H2 then rewrites that trigger's entry in each index holding the column, at a random place of
-- the B-tree. IDX_QRTZ_T_NFT_ST_MISFIRE starts with MISFIRE_INSTR, which Quartz's misfire scan only tests with
-- NOT (MISFIRE_INSTR = -1): no index range can use it, and H2's plans for the scan (MisfireHandler:
-- NEXT_FIRE_TIME < ? AND TRIGGER_STATE = ?) take IDX_QRTZ_T_NFT_ST. Kept, it only cost writes.
DROP INDEX IDX_QRTZ_T_NFT_ST_MISFIRE;
-- H2 made its own index for the foreign key to QRTZ_JOB_DETAILS on the same columns (SCHED_NAME, JOB_NAME,
-- JOB_GROUP) before V6 created this one: two copies written for every trigger added or removed.
DROP INDEX IDX_QRTZ_T_J;
-- QuartzIndexesTest checks what is left, and that the plans of Quartz's queries still read an index.
