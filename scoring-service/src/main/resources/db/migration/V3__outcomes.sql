-- CRM outcomes per member and period (POST /outcomes); an outcome id is stored once, forever.
create table outcome (
    outcome_id   varchar(128) primary key,
    member_id    varchar(64) not null,
    metric       varchar(32) not null check (metric in ('opportunities', 'meetings', 'deals_won', 'revenue')),
    period_start date not null,
    period_end   date not null,
    value        numeric not null check (value >= 0),
    received_at  timestamptz not null default now(),
    check (period_start <= period_end)
);

-- The insights select one metric's outcomes whose period lies within a range.
create index outcome_metric_period on outcome (metric, period_start, period_end);
