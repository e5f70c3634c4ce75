package org.ssi.scoring.feed.service;

import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import org.eclipse.microprofile.rest.client.inject.RestClient;
import org.jboss.logging.Logger;
import org.ssi.scoring.feed.client.ActivityClient;
import org.ssi.scoring.feed.client.ActivityClient.Change;
import org.ssi.scoring.feed.client.ActivityClient.ChangePage;
import org.ssi.scoring.model.MemberInputs;
import org.ssi.scoring.score.service.ScoringService;

/**
 * Follows the activity change feed: for each page, rescores the members it names and stores their scores with the
 * new cursor in one transaction. A crash between pages replays the last page, which changes nothing twice.
 */
@ApplicationScoped
public class ActivityFeedFollower {

    static final String FEED = "activity";
    private static final Logger LOG = Logger.getLogger(ActivityFeedFollower.class);
    private static final int CONCURRENT_LOOKUPS = 4;

    private final ActivityClient activity;
    private final ScoringService scoring;
    private final FeedConfig config;

    public ActivityFeedFollower(@RestClient ActivityClient activity, ScoringService scoring, FeedConfig config) {
        this.activity = activity;
        this.scoring = scoring;
        this.config = config;
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
                .chain(after -> activity.changes(after, config.batchSize()))
                .chain(this::apply);
    }

    private Uni<Integer> apply(ChangePage page) {
        if (page.changes().isEmpty()) {
            return Uni.createFrom().item(0);
        }
        Set<String> members = new LinkedHashSet<>();
        page.changes().stream().map(Change::memberId).forEach(members::add);
        String today = LocalDate.now(ZoneOffset.UTC).toString();
        return Multi.createFrom()
                .iterable(members)
                .onItem()
                .transformToUni(member -> activity.inputs(member, today))
                .merge(CONCURRENT_LOOKUPS)
                .collect()
                .asList()
                .map(ActivityFeedFollower::present)
                .chain(inputs -> scoring.record(inputs, FEED, page.next()))
                .replaceWith(page.changes().size());
    }

    private static List<MemberInputs> present(List<MemberInputs> inputs) {
        return inputs.stream().filter(Objects::nonNull).toList();
    }
}
