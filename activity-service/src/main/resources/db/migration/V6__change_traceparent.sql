-- The W3C traceparent of the request that made each change (null when tracing was off), so that the feed's readers
-- can link the span that applies it to that request's trace (docs/operations.md, "Traces, request ids and logs").
alter table member_change add column traceparent text;
