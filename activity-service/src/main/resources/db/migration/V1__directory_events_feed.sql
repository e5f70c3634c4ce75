-- The directory: teams, members and the connections between members.
create table team (
    team_id        varchar(64) primary key,
    name           varchar(200) not null,
    parent_team_id varchar(64) references team (team_id),
    managers       varchar(64)[] not null default '{}',
    updated_at     timestamptz not null default now()
);

create table member (
    member_id     varchar(64) primary key,
    login         varchar(128) not null unique,
    display_name  varchar(200) not null,
    industry      varchar(64) not null,
    seniority     varchar(16),
    team_id       varchar(64) references team (team_id),
    has_photo       boolean not null default false,
    has_cover_photo boolean not null default false,
    has_headline    boolean not null default false,
    has_summary     boolean not null default false,
    has_experience  boolean not null default false,
    has_education   boolean not null default false,
    has_skills      boolean not null default false,
    updated_at    timestamptz not null default now()
);

create index member_team on member (team_id);

-- One row per pair of members (member_a < member_b); the latest event by occurredAt decides.
create table connection (
    member_a  varchar(64) not null references member (member_id),
    member_b  varchar(64) not null references member (member_id),
    connected boolean not null,
    as_of     timestamptz not null,
    primary key (member_a, member_b),
    check (member_a < member_b)
);

create index connection_b on connection (member_b);

-- Raw events: stored once, forever, by their event id.
create table event (
    event_id    varchar(128) primary key,
    member_id   varchar(64) not null references member (member_id),
    type        varchar(40) not null,
    occurred_at timestamptz not null,
    count       integer not null,
    attributes  jsonb not null default '{}',
    received_at timestamptz not null default now()
);

create index event_member_time on event (member_id, occurred_at);

-- Daily totals per member, UTC day and metric (an event type, or a type qualified by an attribute).
create table daily_activity (
    member_id varchar(64) not null,
    day       date not null,
    metric    varchar(80) not null,
    total     bigint not null,
    primary key (member_id, day, metric)
);

-- The change feed: members whose inputs changed, in commit order (see ChangeFeedRepository).
create table member_change (
    seq        bigserial primary key,
    member_id  varchar(64) not null,
    reason     varchar(16) not null,
    changed_at timestamptz not null default now()
);
