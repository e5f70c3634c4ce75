-- Retention (see README, "Retention"): raw events leave the event table some months after they occurred, and daily
-- totals after two years. What must outlive them is kept here, compactly.

-- The content of an event, as one 16-byte digest: the same expression for stored and incoming events.
create function content_digest(member_id text, type text, occurred_at timestamptz, count integer, attributes jsonb)
    returns bytea language sql immutable parallel safe as $$
    select decode(md5(member_id || chr(31) || type || chr(31) || extract(epoch from occurred_at)::text || chr(31)
                      || count::text || chr(31) || attributes::text), 'hex')
$$;

-- Every event id removed from the event table, with its content's digest: an event id is unique forever, so a
-- replay of a removed event is still a duplicate and a reuse of its id with other content still a conflict.
create table event_digest (
    event_id varchar(128) primary key,
    digest   bytea not null
);

-- Per member and metric, the sum of the daily totals that retention removed: "to date" totals (followers,
-- connections) add it, so removing old days changes no input of the model.
create table carried_total (
    member_id varchar(64) not null,
    metric    varchar(80) not null,
    total     bigint not null,
    primary key (member_id, metric)
);

-- Block range indexes: a few pages, nearly free to keep up on insert, enough to find the old rows in chunks.
create index event_occurred_brin on event using brin (occurred_at);
create index daily_activity_day_brin on daily_activity using brin (day);
