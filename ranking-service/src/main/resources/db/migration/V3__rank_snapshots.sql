-- Daily snapshots: each member's ranks and each group's figures as they stood on a UTC day, for history
-- ("top X%" over time). A snapshot of a day is replaced whole when it is taken again.
create table member_rank_day (
    member_id           varchar(64) not null,
    day                 date not null,
    score               numeric(5, 2) not null,
    industry            varchar(64) not null,
    industry_size       integer not null,
    industry_percentile double precision not null,
    industry_top        smallint not null,
    -- null when the connection graph could not be read when the snapshot was taken
    network_size        integer,
    network_percentile  double precision,
    network_top         smallint,
    primary key (member_id, day)
);

create index member_rank_day_day on member_rank_day (day);

-- Figures of industries and of teams with their sub-teams; groups under ten members keep only their size.
create table group_aggregate_day (
    kind          varchar(16) not null,
    code          varchar(64) not null,
    day           date not null,
    size          integer not null,
    withheld      varchar(32),
    average       numeric(5, 2),
    median        numeric(5, 2),
    brand         numeric(5, 2),
    find          numeric(5, 2),
    engage        numeric(5, 2),
    relationships numeric(5, 2),
    leaders       integer,
    laggards      integer,
    distribution  integer[],
    primary key (kind, code, day)
);

create index group_aggregate_day_day on group_aggregate_day (day);

-- One row per snapshot taken: when, of how many members, and whether network ranks are in it.
create table rank_snapshot (
    day          date primary key,
    taken_at     timestamptz not null,
    members      integer not null,
    groups       integer not null,
    with_network boolean not null
);
