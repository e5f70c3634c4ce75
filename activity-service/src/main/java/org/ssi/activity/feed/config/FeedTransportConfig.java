package org.ssi.activity.feed.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import org.ssi.feed.kafka.FeedTransport;

/**
 * How the activity change feed leaves this service: {@code http} (the default) serves it at
 * {@code /internal/changes} only; {@code kafka} also relays it, in order, to a topic keyed by member id. The broker
 * is the standard {@code kafka.bootstrap.servers} (env {@code KAFKA_BOOTSTRAP_SERVERS}).
 */
@ConfigMapping(prefix = "ssi.feed")
public interface FeedTransportConfig {

    /** {@code http} or {@code kafka} (env {@code SSI_FEED_TRANSPORT}). */
    @WithDefault("http")
    FeedTransport transport();

    Kafka kafka();

    /** The relay to Kafka. */
    interface Kafka {

        /** The topic the changes go to, keyed (and so partitioned) by member id. */
        @WithDefault("ssi.activity-changes")
        String topic();

        /** Changes read and published per transaction. */
        @WithDefault("500")
        int batchSize();

        /** How long the relay waits when the feed had nothing new. */
        @WithDefault("200ms")
        Duration idleInterval();
    }
}
