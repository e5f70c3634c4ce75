-- Each member's latest score as the score change feed reported it; the rank structures are rebuilt from it.
create table member_score (
    member_id varchar(64) primary key,
    industry  varchar(64) not null,
    day       date not null,
    score     numeric(5, 2) not null,
    seq       bigint not null
);

create index member_score_seq on member_score (seq);

-- Where this service has read the score change feed up to.
create table feed_cursor (
    feed     varchar(64) primary key,
    position bigint not null
);
