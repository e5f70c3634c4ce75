-- The days on which a daily job succeeded (org.ssi.job.DailyJob): a replica whose scheduler fires the job later that
-- day finds the row and skips, so the job runs once a day for the cluster. An admin's rerun updates the row.
create table job_run (
    job         varchar(32) not null,
    day         date not null,
    finished_at timestamptz not null,
    duration_ms bigint not null,
    primary key (job, day)
);
