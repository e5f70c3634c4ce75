package org.ssi.scoring.feed.service;

import io.micrometer.core.instrument.MeterRegistry;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.Tracer;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.eclipse.microprofile.rest.client.inject.RestClient;
import org.jboss.logging.Logger;
import org.ssi.feed.kafka.FeedLag;
import org.ssi.feed.kafka.FeedTrace;
import org.ssi.scoring.feed.client.ActivityClient;
import org.ssi.scoring.feed.client.ActivityClient.Change;
import org.ssi.scoring.feed.client.ActivityClient.ChangePage;
import org.ssi.scoring.feed.client.ActivityInputs;
import org.ssi.scoring.score.service.ScoringService;

/**
 * Follows the activity change feed: for each page, rescores the members it names and stores their scores with the
 * new cursor in one transaction. A crash between pages replays the last page, which changes nothing twice. Each page
 * read measures the follower's lag ({@link FeedLag}, follower {@code scoring-activity-feed}). A page is applied in
 * the span {@value #APPLY_SPAN}, linked to the traces of the requests that made its changes ({@link FeedTrace}); the
 * score changes it makes carry that span's traceparent.
 */
@ApplicationScoped
public class ActivityFeedFollower {

    static final String FEED = "activity";
    static final String APPLY_SPAN = "apply activity changes";
    private static final Logger LOG = Logger.getLogger(ActivityFeedFollower.class);

    private final ActivityClient activity;
    private final ActivityInputs inputs;
    private final ScoringService scoring;
    private final FeedConfig config;
    private final MeterRegistry registry;
    private final Tracer tracer;
    private FeedLag lag;

    public ActivityFeedFollower(
            @RestClient ActivityClient activity,
            ActivityInputs inputs,
            ScoringService scoring,
            FeedConfig config,
            MeterRegistry registry,
            Tracer tracer) {
        this.activity = activity;
        this.inputs = inputs;
        this.scoring = scoring;
        this.config = config;
        this.registry = registry;
        this.tracer = tracer;
    }

    @Scheduled(
            every = "${ssi.feed.poll-interval}",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP,
            skipExecutionIf = FeedOverKafka.class)
    Uni<Void> poll() {
        return followToEnd()
                .onFailure()
                .invoke(e -> LOG.warnf("Reading the activity feed failed, retrying: %s", e.getMessage()))
                .onFailure()
                .recoverWithNull()
                .replaceWithVoid();
    }

    /** Reads pages until the feed is exhausted; answers the number of changes read. */
    public Uni<Integer> followToEnd() {
        return followOnePage()
                .chain(read ->
                        read == 0 ? Uni.createFrom().item(0) : followToEnd().map(more -> read + more));
    }

    private Uni<Integer> followOnePage() {
        return scoring.position(FEED)
                .chain(after -> activity.changes(after, config.batchSize()).invoke(page -> measureLag(after, page)))
                .chain(this::apply);
    }

    /** Entries after the cursor, the oldest made when the page's first was: until applied, they are the lag. */
    private void measureLag(long after, ChangePage page) {
        lag().pageRead(after, page.changes().isEmpty(), Math.max(page.last(), page.next()), page.firstChangedAt());
    }

    /** Registered on the first page read, so only over HTTP: over Kafka the consumer loop has the follower's gauges. */
    private synchronized FeedLag lag() {
        if (lag == null) {
            lag = new FeedLag(FeedLag.SCORING_ACTIVITY_FEED, registry);
        }
        return lag;
    }

    private Uni<Integer> apply(ChangePage page) {
        if (page.changes().isEmpty()) {
            return Uni.createFrom().item(0);
        }
        Set<String> members = new LinkedHashSet<>();
        page.changes().stream().map(Change::memberId).forEach(members::add);
        List<String> traces = page.changes().stream().map(Change::traceparent).toList();
        Span span = FeedTrace.startApplying(
                tracer, APPLY_SPAN, traces, page.changes().size());
        return scoreMembers(members, FEED, page.next(), FeedTrace.traceparent(span.getSpanContext()))
                .onTermination()
                .invoke((done, failure, cancelled) -> FeedTrace.end(span, failure))
                .replaceWith(page.changes().size());
    }

    /**
     * Rescores today's score of the members (their inputs asked of activity-service in batches) and moves the named
     * upstream feed's cursor to {@code position}, in one transaction: a replay changes nothing. Members
     * activity-service does not know are skipped.
     */
    public Uni<Void> scoreMembers(Collection<String> memberIds, String upstreamFeed, long position) {
        return scoreMembers(memberIds, upstreamFeed, position, FeedTrace.current());
    }

    /** As {@link #scoreMembers(Collection, String, long)}, the score changes carrying {@code traceparent}. */
    private Uni<Void> scoreMembers(
            Collection<String> memberIds, String upstreamFeed, long position, String traceparent) {
        return inputs.of(memberIds, LocalDate.now(ZoneOffset.UTC))
                .chain(found -> scoring.record(found, upstreamFeed, position, traceparent));
    }

    /** Rescores today's score of the members, outside any feed. */
    public Uni<Void> scoreMembers(Collection<String> memberIds) {
        return inputs.of(memberIds, LocalDate.now(ZoneOffset.UTC)).chain(scoring::record);
    }
}
