-- Issue 10, the console with 10,000 schedules and 100,000 runs (ConsoleBenchmark): the runs list is ordered by fire
-- time (Ejecuciones, the Panel's last 7 days, the Calendario's month), a schedule's runs in a range (¿Por qué no se
-- ejecutó?, its calendar), and the concluded runs newest first (the Panel's runs waiting for the sign-off).
CREATE INDEX run_by_fire_time ON run (scheduled_fire_time, queued_at, id);
CREATE INDEX run_by_schedule_fire ON run (schedule_id, scheduled_fire_time);
CREATE INDEX run_by_status_end ON run (status, ended_at);
