-- Group figures are releases (docs/privacy.md): computed once, from the scores of the moment, and served unchanged
-- until the next release; a membership change shows only in the next one. Each release holds every group's exact
-- figures (for admins) beside its protected figures (noisy, or withheld), and every member's protected ranks.
create sequence release_id;

create table release (
    id           bigint primary key,
    day          date not null,
    taken_at     timestamptz not null,
    members      integer not null,
    groups       integer not null,
    with_network boolean not null
);

create index release_day on release (day);

create table group_release (
    release_id      bigint not null references release (id) on delete cascade,
    kind            varchar(16) not null,
    code            varchar(64) not null,
    -- scored members in the group; those of them who were in it in the previous release (they count toward the ten);
    -- for teams, the members directly in the team (not in a sub-team): the atoms of the hierarchy rule
    size            integer not null,
    protected_count integer not null,
    direct_count    integer,
    exact           jsonb not null,
    released        jsonb not null,
    primary key (kind, code, release_id)
);

create index group_release_release on group_release (release_id);

create table member_release (
    release_id    bigint not null references release (id) on delete cascade,
    member_id     varchar(64) not null,
    industry      varchar(64) not null,
    team_id       varchar(64),
    score         numeric(5, 2) not null,
    industry_rank jsonb not null,
    -- null when the release could not read the connection graph
    network_rank  jsonb,
    -- the member's scored connections, comma-separated, kept for the next release's newcomer rule only
    network       text,
    primary key (member_id, release_id)
);

create index member_release_release on member_release (release_id);

-- The daily snapshots held exact ranks of every group, tiny networks included; releases replace them.
drop table member_rank_day;
drop table group_aggregate_day;
drop table rank_snapshot;
