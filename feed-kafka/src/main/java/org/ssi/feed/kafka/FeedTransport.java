package org.ssi.feed.kafka;

/**
 * How a service's change feeds travel ({@code ssi.feed.transport}, env {@code SSI_FEED_TRANSPORT}): {@code http}, the
 * default, pulled page by page with a stored cursor, or {@code kafka}, through topics keyed by member id.
 */
public enum FeedTransport {
    HTTP,
    KAFKA
}
