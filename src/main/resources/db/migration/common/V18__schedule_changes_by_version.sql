-- Issue 7, the intake benchmark: every node reads back the schedules another node changed
-- (ScheduleRegistry.refresh) by the time their active version was accepted, from the versions' own
-- index, instead of schedule (updated_at). A new version of a schedule then adds one entry at the
-- end of an index, where updating updated_at also took the old entry out of the middle of one.
DROP INDEX schedule_by_update;
CREATE INDEX schedule_version_by_acceptance ON schedule_version (accepted_at);
