-- How far the Kafka relay has published the change feed (ssi.feed.transport=kafka): one row per topic, moved in the
-- same transaction that read the changes, after the broker acknowledged them. Unused in http mode.
create table feed_relay (
    topic    varchar(200) primary key,
    position bigint not null
);
