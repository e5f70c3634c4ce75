package org.ssi.feed.kafka;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicLong;

/**
 * How far a follower of a change feed is behind, on either transport (an HTTP follower's pages or a Kafka consumer's
 * polls), as the gauges {@code ssi.feed.lag.entries} (feed entries not applied yet) and {@code ssi.feed.lag.seconds}
 * (the age of the oldest entry not applied yet; 0 when caught up), tagged {@code follower}: {@code
 * scoring-activity-feed}, {@code ranking-score-feed}. A follower that is stuck on an entry shows it as seconds that
 * grow. Create one per follower and registry: a second with the same name would find the first's gauges.
 */
public final class FeedLag {

    /** scoring-service following activity-service's changes. */
    public static final String SCORING_ACTIVITY_FEED = "scoring-activity-feed";

    /** ranking-service following scoring-service's score changes. */
    public static final String RANKING_SCORE_FEED = "ranking-score-feed";

    private static final long NONE = Long.MIN_VALUE;

    private final Clock clock;
    private final AtomicLong entries = new AtomicLong();
    private final AtomicLong oldestPendingMillis = new AtomicLong(NONE);

    public FeedLag(String follower, MeterRegistry registry) {
        this(follower, registry, Clock.systemUTC());
    }

    FeedLag(String follower, MeterRegistry registry, Clock clock) {
        this.clock = clock;
        Gauge.builder("ssi.feed.lag.entries", entries, AtomicLong::get)
                .description("Feed entries the follower has not applied yet")
                .tag("follower", follower)
                .register(registry);
        Gauge.builder("ssi.feed.lag.seconds", this, FeedLag::seconds)
                .description("Age of the oldest feed entry the follower has not applied yet; 0 when caught up")
                .tag("follower", follower)
                .strongReference(true)
                .register(registry);
    }

    /** Everything in the feed is applied. */
    public void caughtUp() {
        entries.set(0);
        oldestPendingMillis.set(NONE);
    }

    /**
     * Entries are waiting, the oldest made at {@code oldestPending}; while that is unknown (null) the age reads 0.
     */
    public void behind(long waiting, Instant oldestPending) {
        if (waiting <= 0) {
            caughtUp();
            return;
        }
        entries.set(waiting);
        oldestPendingMillis.set(oldestPending == null ? NONE : oldestPending.toEpochMilli());
    }

    /**
     * An HTTP follower read a page of the feed after its cursor: the entries up to the feed's end are the lag until they
     * are applied, and the page's first entry is the oldest of them.
     */
    public void pageRead(long after, boolean empty, long feedEnd, Instant firstChangedAt) {
        if (empty) {
            caughtUp();
        } else {
            behind(feedEnd - after, firstChangedAt);
        }
    }

    public long entries() {
        return entries.get();
    }

    public double seconds() {
        long oldest = oldestPendingMillis.get();
        return oldest == NONE ? 0 : Math.max(0, clock.millis() - oldest) / 1000.0;
    }
}
