package org.ssi.ranking.release.service;

import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.Startup;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.eclipse.microprofile.rest.client.inject.RestClient;
import org.jboss.logging.Logger;
import org.ssi.job.DailyJob;
import org.ssi.privacy.ProtectiveNoise;
import org.ssi.ranking.rank.service.RankIndex;
import org.ssi.ranking.release.client.DirectoryGraphClient;
import org.ssi.ranking.release.client.DirectoryGraphClient.ConnectionPage;
import org.ssi.ranking.release.client.DirectoryGraphClient.TeamNode;
import org.ssi.ranking.release.config.ReleaseConfig;
import org.ssi.ranking.release.repository.ReleaseRepository;
import org.ssi.ranking.release.service.ReleaseComputation.Release;

/**
 * Publishes the releases of group figures and ranks (docs/privacy.md): once a day after the rollover, and when an
 * admin asks. A release is computed once from this replica's index and never changed; readers see the latest one.
 * The daily release is computed once for the cluster, on whichever replica fires first ({@link DailyJob}, job
 * {@code release}, table {@code ranking.job_run}); the store's check for the day's release stays as a second guard.
 */
@ApplicationScoped
@Startup
public class ReleaseService {

    private static final Logger LOG = Logger.getLogger(ReleaseService.class);
    private static final Duration CALL_TIMEOUT = Duration.ofMinutes(2);

    /** What a release holds. */
    public record ReleaseSummary(long releaseId, LocalDate day, int members, int groups, boolean withNetwork) {}

    private final RankIndex index;
    private final ReleaseRepository releases;
    private final DirectoryGraphClient directory;
    private final ReleaseConfig config;
    private final ProtectiveNoise noise;
    private final DailyJob job;

    public ReleaseService(
            RankIndex index,
            ReleaseRepository releases,
            @RestClient DirectoryGraphClient directory,
            ReleaseConfig config,
            ProtectiveNoise noise,
            Pool pool,
            MeterRegistry registry) {
        this.index = index;
        this.releases = releases;
        this.directory = directory;
        this.config = config;
        this.noise = noise;
        this.job = new DailyJob("release", "ranking.job_run", pool, registry);
    }

    /** Fired on every replica; a failure is logged by the job, and POST /internal/releases publishes one. */
    @Scheduled(cron = "{ssi.release.cron}", timeZone = "UTC", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void daily() {
        job.runOncePerDay(LocalDate.now(ZoneOffset.UTC), this::publishFirstOfDay)
                .await()
                .indefinitely();
    }

    /** Publishing blocks (it awaits the directory and the database), so it runs on a worker thread. */
    private Uni<ReleaseSummary> publishFirstOfDay() {
        return Uni.createFrom().item(() -> publish(true)).runSubscriptionOn(Infrastructure.getDefaultWorkerPool());
    }

    /** Publishes a release of the index as it is now, under today's date. Blocking: call it on a worker thread. */
    public ReleaseSummary publish() {
        return publish(false);
    }

    /**
     * @param firstOfDay publish only if the day has no release yet (the daily job, which every replica runs)
     * @return the release, or null when {@code firstOfDay} found one published already
     */
    public synchronized ReleaseSummary publish(boolean firstOfDay) {
        long began = System.nanoTime();
        LocalDate day = LocalDate.now(ZoneOffset.UTC);
        Map<String, Integer> cents = new HashMap<>();
        index.standings().forEach(s -> cents.put(s.memberId(), s.cents()));
        NetworkGraph network = readNetwork(cents);
        Map<String, Set<String>> subtrees = teamSubtrees();
        PreviousRelease previous = releases.previous().await().atMost(CALL_TIMEOUT);
        long releaseId = releases.nextId().await().atMost(CALL_TIMEOUT);
        Release release = new ReleaseComputation(releaseId, day, noise, previous).compute(index, network, subtrees);
        boolean stored = releases.store(
                        releaseId, day, release, network != null, day.minusDays(config.keepDays() - 1L), firstOfDay)
                .await()
                .atMost(CALL_TIMEOUT);
        if (!stored) {
            LOG.infof("Today's release was published already (by another replica); %d is not", releaseId);
            return null;
        }
        ReleaseSummary summary = new ReleaseSummary(
                releaseId, day, release.members().size(), release.groups().size(), network != null);
        LOG.infof("Release %s in %d ms", summary, (System.nanoTime() - began) / 1_000_000);
        return summary;
    }

    /** The scored members' connections from activity-service's whole graph; null when it cannot be read. */
    private NetworkGraph readNetwork(Map<String, Integer> cents) {
        NetworkGraph graph = new NetworkGraph(cents);
        String afterA = "";
        String afterB = "";
        try {
            while (true) {
                ConnectionPage page = directory
                        .connections(afterA, afterB, config.connectionsPage())
                        .await()
                        .atMost(CALL_TIMEOUT);
                for (List<String> pair : page.pairs()) {
                    graph.connect(pair.get(0), pair.get(1));
                }
                if (page.pairs().size() < config.connectionsPage()) {
                    return graph;
                }
                List<String> last = page.pairs().get(page.pairs().size() - 1);
                afterA = last.get(0);
                afterB = last.get(1);
            }
        } catch (RuntimeException e) {
            LOG.warnf("The release goes without network ranks: the connection graph could not be read: %s", e);
            return null;
        }
    }

    /** Each team with the teams under it, at any depth; none when the team tree cannot be read. */
    private Map<String, Set<String>> teamSubtrees() {
        try {
            return subtrees(directory.teams().await().atMost(CALL_TIMEOUT));
        } catch (RuntimeException e) {
            LOG.warnf("The release goes without team figures: the team tree could not be read: %s", e);
            return Map.of();
        }
    }

    public static Map<String, Set<String>> subtrees(List<TeamNode> teams) {
        Map<String, List<String>> children = new HashMap<>();
        for (TeamNode team : teams) {
            if (team.parentTeamId() != null) {
                children.computeIfAbsent(team.parentTeamId(), id -> new ArrayList<>())
                        .add(team.teamId());
            }
        }
        Map<String, Set<String>> subtrees = new HashMap<>();
        for (TeamNode team : teams) {
            Set<String> subtree = new HashSet<>();
            List<String> pending = new ArrayList<>(List.of(team.teamId()));
            while (!pending.isEmpty()) {
                String next = pending.remove(pending.size() - 1);
                if (subtree.add(next)) {
                    pending.addAll(children.getOrDefault(next, List.of()));
                }
            }
            subtrees.put(team.teamId(), subtree);
        }
        return subtrees;
    }
}
