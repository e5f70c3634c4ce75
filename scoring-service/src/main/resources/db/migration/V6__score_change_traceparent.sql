-- The W3C traceparent of the span that made each score change (null when tracing was off): a request's, or the span
-- that applied activity changes, itself linked to their requests; ranking-service links its apply span to it.
alter table score_change add column traceparent text;
