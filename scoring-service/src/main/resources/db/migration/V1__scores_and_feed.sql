-- Every member's score per day; the last row of a member is today's running score.
create table daily_score (
    member_id     varchar(64) not null,
    day           date not null,
    model_version integer not null,
    industry      varchar(64) not null,
    brand         numeric(5, 2) not null,
    find          numeric(5, 2) not null,
    engage        numeric(5, 2) not null,
    relationships numeric(5, 2) not null,
    score         numeric(5, 2) not null,
    computed_at   timestamptz not null default now(),
    primary key (member_id, day)
);

-- Where this service has read each upstream feed up to.
create table feed_cursor (
    feed     varchar(64) primary key,
    position bigint not null
);

-- The score change feed, read by ranking-service; appended under an advisory lock (gap-free for readers).
create table score_change (
    seq       bigserial primary key,
    member_id varchar(64) not null,
    industry  varchar(64) not null,
    day       date not null,
    score     numeric(5, 2) not null
);
