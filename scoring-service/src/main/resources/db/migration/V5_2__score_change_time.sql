-- When each score change was appended, so that a reader of the feed can tell how old the oldest change it has not
-- applied yet is (ssi_feed_lag_seconds). Rows from before this migration read as its time.
alter table score_change add column changed_at timestamptz not null default now();
