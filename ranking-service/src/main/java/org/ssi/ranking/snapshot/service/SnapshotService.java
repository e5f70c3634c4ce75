package org.ssi.ranking.snapshot.service;

import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import java.math.BigDecimal;
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
import org.ssi.ranking.rank.service.GroupRank;
import org.ssi.ranking.rank.service.RankIndex;
import org.ssi.ranking.rank.service.RankIndex.Standing;
import org.ssi.ranking.snapshot.client.DirectoryGraphClient;
import org.ssi.ranking.snapshot.client.DirectoryGraphClient.ConnectionPage;
import org.ssi.ranking.snapshot.client.DirectoryGraphClient.TeamNode;
import org.ssi.ranking.snapshot.config.SnapshotConfig;
import org.ssi.ranking.snapshot.repository.SnapshotRepository;
import org.ssi.ranking.snapshot.repository.SnapshotRepository.MemberRankRow;

/**
 * Takes the daily snapshot: every scored member's industry and network rank and every industry's and team's figures
 * as this replica's index holds them, stored under the day. Taking a day again replaces it, so the job is
 * idempotent and any replica may take it.
 */
@ApplicationScoped
public class SnapshotService {

    private static final Logger LOG = Logger.getLogger(SnapshotService.class);
    private static final Duration CALL_TIMEOUT = Duration.ofMinutes(2);

    /** What a snapshot holds. */
    public record SnapshotSummary(LocalDate day, int members, int groups, boolean withNetwork) {}

    private final RankIndex index;
    private final SnapshotRepository snapshots;
    private final DirectoryGraphClient directory;
    private final SnapshotConfig config;

    public SnapshotService(
            RankIndex index,
            SnapshotRepository snapshots,
            @RestClient DirectoryGraphClient directory,
            SnapshotConfig config) {
        this.index = index;
        this.snapshots = snapshots;
        this.directory = directory;
        this.config = config;
    }

    @Scheduled(cron = "{ssi.snapshot.cron}", timeZone = "UTC", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void daily() {
        try {
            take(LocalDate.now(ZoneOffset.UTC));
        } catch (RuntimeException e) {
            LOG.errorf("The daily rank snapshot failed; POST /internal/rank-snapshots takes it again: %s", e);
        }
    }

    /** Snapshots the index as it is now under the day, replacing what that day held. Blocking: a worker thread. */
    public synchronized SnapshotSummary take(LocalDate day) {
        long began = System.nanoTime();
        List<Standing> standings = index.standings();
        Map<String, Integer> cents = new HashMap<>();
        standings.forEach(s -> cents.put(s.memberId(), s.cents()));
        NetworkTally network = readNetwork(cents);
        List<MemberRankRow> members = new ArrayList<>(standings.size());
        for (Standing standing : standings) {
            members.add(new MemberRankRow(standing.memberId(), rankDay(day, standing, network)));
        }
        List<GroupDay> groups = new ArrayList<>();
        for (String code : index.industryCodes()) {
            groups.add(new GroupDay(GroupDay.INDUSTRY, code, day, index.industryAggregate(code)));
        }
        teamSubtrees()
                .forEach((team, subtree) ->
                        groups.add(new GroupDay(GroupDay.TEAM, team, day, index.teamAggregate(subtree))));
        snapshots
                .replace(day, members, groups, network != null, day.minusDays(config.keepDays() - 1L))
                .await()
                .atMost(CALL_TIMEOUT);
        SnapshotSummary summary = new SnapshotSummary(day, members.size(), groups.size(), network != null);
        LOG.infof("Rank snapshot of %s: %s in %d ms", day, summary, (System.nanoTime() - began) / 1_000_000);
        return summary;
    }

    private static RankDay rankDay(LocalDate day, Standing standing, NetworkTally network) {
        GroupRank networkRank = network == null ? null : network.rank(standing.memberId());
        return new RankDay(
                day,
                BigDecimal.valueOf(standing.cents(), 2),
                standing(standing.industryRank()),
                networkRank == null ? null : standing(networkRank));
    }

    private static RankDay.Standing standing(GroupRank rank) {
        return new RankDay.Standing(rank.code(), rank.percentileRank(), rank.topPercent(), rank.size());
    }

    /** Counts the network ranks from activity-service's whole graph; null when it cannot be read. */
    private NetworkTally readNetwork(Map<String, Integer> cents) {
        NetworkTally tally = new NetworkTally(cents);
        String afterA = "";
        String afterB = "";
        try {
            while (true) {
                ConnectionPage page = directory
                        .connections(afterA, afterB, config.connectionsPage())
                        .await()
                        .atMost(CALL_TIMEOUT);
                for (List<String> pair : page.pairs()) {
                    tally.connect(pair.get(0), pair.get(1));
                }
                if (page.pairs().size() < config.connectionsPage()) {
                    return tally;
                }
                List<String> last = page.pairs().get(page.pairs().size() - 1);
                afterA = last.get(0);
                afterB = last.get(1);
            }
        } catch (RuntimeException e) {
            LOG.warnf("The snapshot goes without network ranks: the connection graph could not be read: %s", e);
            return null;
        }
    }

    /** Each team with the teams under it, at any depth; none when the team tree cannot be read. */
    private Map<String, Set<String>> teamSubtrees() {
        List<TeamNode> teams;
        try {
            teams = directory.teams().await().atMost(CALL_TIMEOUT);
        } catch (RuntimeException e) {
            LOG.warnf("The snapshot goes without team figures: the team tree could not be read: %s", e);
            return Map.of();
        }
        return subtrees(teams);
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
