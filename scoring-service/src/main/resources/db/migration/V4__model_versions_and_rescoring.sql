-- Scoring model versions (GET/POST /admin/scoring-models). A version is stored once and never changes; version 1 is
-- seeded at start from the repository's models/v1.json.
create table scoring_model (
    version     integer primary key check (version >= 1),
    document    jsonb not null,
    description text,
    added_at    timestamptz not null default now(),
    added_by    varchar(128) not null
);

-- The one active version; every replica reads it in each scoring transaction (for share, so an activation waits for
-- the transactions that scored with the previous version).
create table active_model (
    id      integer primary key check (id = 1),
    version integer not null
);
insert into active_model (id, version) values (1, 1);

-- Each member's latest inputs, as activity-service reported them, stored with the score they gave: an activation
-- rescores from them without asking activity-service again.
create table member_inputs (
    member_id varchar(64) primary key,
    day       date not null,
    inputs    jsonb not null
);

-- Rescoring jobs started by an activation; members are taken in member id order after after_member, and each chunk
-- moves the cursor in the transaction that stores its scores.
create table rescoring_job (
    id           bigserial primary key,
    version      integer not null,
    state        varchar(16) not null check (state in ('running', 'done', 'failed')),
    total        integer not null,
    done         integer not null default 0,
    after_member varchar(64) not null default '',
    requested_by varchar(128) not null,
    started_at   timestamptz not null default now(),
    heartbeat_at timestamptz not null default now(),
    finished_at  timestamptz,
    error        text
);

-- Only one activation at a time, whichever replica took it.
create unique index rescoring_job_one_running on rescoring_job ((true)) where state = 'running';
