package org.ssi.scoring.feed.service;

import io.quarkus.scheduler.Scheduled;
import io.quarkus.scheduler.ScheduledExecution;
import jakarta.inject.Singleton;
import org.ssi.feed.kafka.FeedTransport;
import org.ssi.scoring.feed.config.FeedTransportConfig;

/** Skips the HTTP feed's polling when the feeds travel over Kafka. */
@Singleton
public class FeedOverKafka implements Scheduled.SkipPredicate {

    private final FeedTransportConfig config;

    public FeedOverKafka(FeedTransportConfig config) {
        this.config = config;
    }

    @Override
    public boolean test(ScheduledExecution execution) {
        return config.transport() == FeedTransport.KAFKA;
    }
}
