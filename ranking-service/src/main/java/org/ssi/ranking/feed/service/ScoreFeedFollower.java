package org.ssi.ranking.feed.service;

import io.quarkus.runtime.StartupEvent;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.rest.client.inject.RestClient;
import org.jboss.logging.Logger;
import org.ssi.ranking.feed.client.ScoreFeedClient;
import org.ssi.ranking.feed.client.ScoreFeedClient.ScoreChangePage;
import org.ssi.ranking.rank.service.RankIndex;
import org.ssi.ranking.rank.service.RankService;

/**
 * Rebuilds the index from the database at start, then follows the score change feed. Every replica refreshes its
 * own index from the stored scores, so replicas that share the database answer the same ranks.
 */
@ApplicationScoped
public class ScoreFeedFollower {

    private static final Logger LOG = Logger.getLogger(ScoreFeedFollower.class);

    private final ScoreFeedClient feed;
    private final RankService ranks;
    private final RankIndex index;
    private final int batchSize;

    public ScoreFeedFollower(
            @RestClient ScoreFeedClient feed,
            RankService ranks,
            RankIndex index,
            @ConfigProperty(name = "ssi.feed.batch-size") int batchSize) {
        this.feed = feed;
        this.ranks = ranks;
        this.index = index;
        this.batchSize = batchSize;
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
        return ranks.position().chain(after -> feed.changes(after, batchSize)).chain(this::apply);
    }

    private Uni<Integer> apply(ScoreChangePage page) {
        if (page.changes().isEmpty()) {
            return Uni.createFrom().item(0);
        }
        return ranks.apply(page.changes(), page.next())
                .chain(this::followToEnd)
                .map(more -> page.changes().size() + more);
    }

    public long indexedUpTo() {
        return index.appliedUpTo();
    }
}
