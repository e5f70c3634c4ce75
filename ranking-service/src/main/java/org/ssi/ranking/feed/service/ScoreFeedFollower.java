package org.ssi.ranking.feed.service;

import io.micrometer.core.instrument.MeterRegistry;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.Tracer;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.List;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.rest.client.inject.RestClient;
import org.jboss.logging.Logger;
import org.ssi.feed.kafka.FeedLag;
import org.ssi.feed.kafka.FeedTrace;
import org.ssi.ranking.feed.client.ScoreFeedClient;
import org.ssi.ranking.feed.client.ScoreFeedClient.ScoreChange;
import org.ssi.ranking.feed.client.ScoreFeedClient.ScoreChangePage;
import org.ssi.ranking.rank.service.RankIndex;
import org.ssi.ranking.rank.service.RankService;

/**
 * Rebuilds the index from the database at start, then follows the score change feed. Every replica refreshes its
 * own index from the stored scores, so replicas that share the database answer the same ranks. Each page read
 * measures the follower's lag ({@link FeedLag}, follower {@code ranking-score-feed}). A page is applied in the span
 * {@value #APPLY_SPAN}, linked to the traces that made its changes ({@link FeedTrace}).
 */
@ApplicationScoped
public class ScoreFeedFollower {

    static final String APPLY_SPAN = "apply score changes";
    private static final Logger LOG = Logger.getLogger(ScoreFeedFollower.class);

    private final ScoreFeedClient feed;
    private final RankService ranks;
    private final RankIndex index;
    private final int batchSize;
    private final MeterRegistry registry;
    private final Tracer tracer;
    private FeedLag lag;

    public ScoreFeedFollower(
            @RestClient ScoreFeedClient feed,
            RankService ranks,
            RankIndex index,
            @ConfigProperty(name = "ssi.feed.batch-size") int batchSize,
            MeterRegistry registry,
            Tracer tracer) {
        this.feed = feed;
        this.ranks = ranks;
        this.index = index;
        this.batchSize = batchSize;
        this.registry = registry;
        this.tracer = tracer;
    }

    void rebuild(@Observes StartupEvent start) {
        long began = System.nanoTime();
        int loaded = ranks.refresh().await().indefinitely();
        LOG.infof("Rank index rebuilt: %d members in %d ms", loaded, (System.nanoTime() - began) / 1_000_000);
    }

    @Scheduled(
            every = "${ssi.feed.poll-interval}",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP,
            skipExecutionIf = FeedOverKafka.class)
    Uni<Void> poll() {
        return followToEnd()
                .chain(ranks::refresh)
                .onFailure()
                .invoke(e -> LOG.warnf("Reading the score feed failed, retrying: %s", e.getMessage()))
                .onFailure()
                .recoverWithNull()
                .replaceWithVoid();
    }

    Uni<Integer> followToEnd() {
        return ranks.position()
                .chain(after -> feed.changes(after, batchSize).invoke(page -> measureLag(after, page)))
                .chain(this::apply);
    }

    /** Entries after the cursor, the oldest made when the page's first was: until applied, they are the lag. */
    private void measureLag(long after, ScoreChangePage page) {
        lag().pageRead(after, page.changes().isEmpty(), Math.max(page.last(), page.next()), page.firstChangedAt());
    }

    /** Registered on the first page read, so only over HTTP: over Kafka the consumer loop has the follower's gauges. */
    private synchronized FeedLag lag() {
        if (lag == null) {
            lag = new FeedLag(FeedLag.RANKING_SCORE_FEED, registry);
        }
        return lag;
    }

    private Uni<Integer> apply(ScoreChangePage page) {
        if (page.changes().isEmpty()) {
            return Uni.createFrom().item(0);
        }
        List<String> traces =
                page.changes().stream().map(ScoreChange::traceparent).toList();
        Span span = FeedTrace.startApplying(
                tracer, APPLY_SPAN, traces, page.changes().size());
        return ranks.apply(page.changes(), page.next())
                .onTermination()
                .invoke((done, failure, cancelled) -> FeedTrace.end(span, failure))
                .chain(this::followToEnd)
                .map(more -> page.changes().size() + more);
    }

    public long indexedUpTo() {
        return index.appliedUpTo();
    }
}
