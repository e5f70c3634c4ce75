package org.ssi.ranking.feed.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.Optional;
import org.ssi.feed.kafka.FeedTransport;

/**
 * How the score change feed arrives: {@code http} (the default) pulls scoring-service's feed; {@code kafka} consumes
 * the score topic, every replica all of it (a consumer group of its own), since each holds its own in-memory index.
 * The broker is the standard {@code kafka.bootstrap.servers} (env {@code KAFKA_BOOTSTRAP_SERVERS}).
 */
@ConfigMapping(prefix = "ssi.feed")
public interface FeedTransportConfig {

    /** {@code http} or {@code kafka} (env {@code SSI_FEED_TRANSPORT}). */
    @WithDefault("http")
    FeedTransport transport();

    /** Over HTTP: how often to ask for new score changes. */
    @WithDefault("500ms")
    Duration pollInterval();

    /** Changes per HTTP page, and records per Kafka poll. */
    @WithDefault("500")
    int batchSize();

    Kafka kafka();

    /** The topic and this replica's consumer group. */
    interface Kafka {

        /** scoring-service's score changes, keyed by member id. */
        @WithDefault("ssi.score-changes")
        String scoreTopic();

        /**
         * This replica's own consumer group; by default {@code ssi-ranking-<host name>-<http port>}, unique per pod
         * and per local replica, and the same after a restart.
         */
        Optional<String> groupId();

        /**
         * How often a record that fails is applied on its own (pausing 1, 2, 4 … up to 30 s between attempts, about
         * two and a half minutes for 10) before it goes to the dead-letter topic {@code <topic>.dead-letters} and
         * its partition moves on. Generous, so that an outage of the database or of a service called does not
         * dead-letter records that would apply a minute later.
         */
        @WithDefault("10")
        int maxAttempts();
    }
}
