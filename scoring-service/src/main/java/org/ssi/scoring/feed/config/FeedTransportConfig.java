package org.ssi.scoring.feed.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import org.ssi.feed.kafka.FeedTransport;

/**
 * How the change feeds travel: {@code http} (the default) pulls activity-service's feed and serves the score feed at
 * {@code /internal/score-changes}; {@code kafka} consumes the activity changes from a topic in a consumer group shared
 * by the replicas, and relays the score feed to a topic keyed by member id. The broker is the standard
 * {@code kafka.bootstrap.servers} (env {@code KAFKA_BOOTSTRAP_SERVERS}).
 */
@ConfigMapping(prefix = "ssi.feed")
public interface FeedTransportConfig {

    /** {@code http} or {@code kafka} (env {@code SSI_FEED_TRANSPORT}). */
    @WithDefault("http")
    FeedTransport transport();

    Kafka kafka();

    /** Topics and the consumer group. */
    interface Kafka {

        /** activity-service's changes, consumed. */
        @WithDefault("ssi.activity-changes")
        String activityTopic();

        /** The score changes, published by the relay, keyed by member id. */
        @WithDefault("ssi.score-changes")
        String scoreTopic();

        /** The consumer group every replica of this service joins, so that each change is scored by one. */
        @WithDefault("ssi-scoring")
        String groupId();

        /**
         * How often a record that fails is applied on its own (pausing 1, 2, 4 … up to 30 s between attempts, about
         * two and a half minutes for 10) before it goes to the dead-letter topic {@code <topic>.dead-letters} and
         * its partition moves on. Generous, so that an outage of the database or of a service called does not
         * dead-letter records that would apply a minute later.
         */
        @WithDefault("10")
        int maxAttempts();

        /** Records per poll, and score changes per relay transaction. */
        @WithDefault("500")
        int batchSize();

        /** How long the relay waits when the score feed had nothing new. */
        @WithDefault("200ms")
        Duration idleInterval();
    }
}
