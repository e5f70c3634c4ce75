package org.ssi.ranking.release.service;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.ssi.privacy.GroupProtection;
import org.ssi.privacy.ProtectiveNoise;
import org.ssi.ranking.rank.service.GroupAggregate;
import org.ssi.ranking.rank.service.GroupRank;
import org.ssi.ranking.rank.service.GroupScores;
import org.ssi.ranking.rank.service.RankIndex;
import org.ssi.ranking.rank.service.RankIndex.Standing;

/**
 * One release computed from the index as it is now: every industry's and team's exact and protected figures, and
 * every member's protected industry and network rank. Pure computation; {@link ReleaseService} reads and stores.
 */
public final class ReleaseComputation {

    /** What a release holds. */
    public record Release(
            List<GroupRelease> groups,
            List<MemberRelease> members,
            Map<String, PreviousRelease.Placement> placements) {}

    private final long releaseId;
    private final LocalDate day;
    private final ProtectiveNoise noise;
    private final PreviousRelease previous;
    private final String release;

    public ReleaseComputation(long releaseId, LocalDate day, ProtectiveNoise noise, PreviousRelease previous) {
        this.releaseId = releaseId;
        this.day = day;
        this.noise = noise;
        this.previous = previous;
        this.release = "release:" + releaseId;
    }

    /**
     * @param network the scored members' connections, or null when the graph could not be read (no network ranks)
     * @param teamSubtrees each team with the teams under it, at any depth
     */
    public Release compute(RankIndex index, NetworkGraph network, Map<String, Set<String>> teamSubtrees) {
        List<Standing> standings = index.standings();
        List<GroupRelease> groups = new ArrayList<>();
        Map<String, GroupRelease> industries = new HashMap<>();
        for (String code : index.industryCodes()) {
            long established = standings.stream()
                    .filter(s -> s.industry().equals(code) && previous.inIndustry(s.memberId(), code))
                    .count();
            GroupRelease group = group(GroupRelease.INDUSTRY, code, index.industryScores(code), established, null);
            groups.add(group);
            industries.put(code, group);
        }
        teamSubtrees.forEach((team, subtree) -> {
            long established = standings.stream()
                    .filter(s -> s.teamId() != null && subtree.contains(s.teamId()))
                    .filter(s -> previous.inTeams(s.memberId(), subtree))
                    .count();
            long direct =
                    standings.stream().filter(s -> team.equals(s.teamId())).count();
            groups.add(group(GroupRelease.TEAM, team, index.teamScores(subtree), established, direct));
        });
        List<MemberRelease> members = new ArrayList<>(standings.size());
        Map<String, PreviousRelease.Placement> placements = new HashMap<>();
        for (Standing standing : standings) {
            ReleasedRank networkRank = null;
            Set<String> connections = null;
            if (network != null) {
                networkRank = networkRank(standing.memberId(), network);
                connections = Set.copyOf(network.connectionsOf(standing.memberId()));
            }
            placements.put(
                    standing.memberId(),
                    new PreviousRelease.Placement(standing.industry(), standing.teamId(), connections));
            members.add(new MemberRelease(
                    releaseId,
                    day,
                    standing.memberId(),
                    BigDecimal.valueOf(standing.cents(), 2),
                    industryRank(standing, industries.get(standing.industry())),
                    networkRank));
        }
        return new Release(groups, members, placements);
    }

    private GroupRelease group(String kind, String code, GroupScores scores, long established, Long direct) {
        GroupAggregate released = GroupAggregate.released(scores, established, noise, kind + ":" + code, release);
        return new GroupRelease(
                releaseId, day, kind, code, scores.size(), established, direct, GroupAggregate.of(scores), released);
    }

    private ReleasedRank industryRank(Standing standing, GroupRelease industry) {
        GroupAggregate shown = industry.released();
        if (shown.withheld() != null) {
            return ReleasedRank.withheld(standing.industry(), shown.withheld());
        }
        GroupRank exact = standing.industryRank();
        double percentile = noisyPercentile(exact.percentileRank(), exact.size(), "industry-rank", standing.memberId());
        return new ReleasedRank(
                standing.industry(),
                percentile,
                ReleasedRank.topPercent(percentile),
                shown.average(),
                shown.size(),
                null);
    }

    private ReleasedRank networkRank(String memberId, NetworkGraph network) {
        List<String> connections = network.connectionsOf(memberId);
        long established = previous.present(memberId) ? 1 : 0;
        for (String connection : connections) {
            established += previous.inNetwork(memberId, connection) ? 1 : 0;
        }
        int size = connections.size() + 1;
        GroupRank exact = network.rank(memberId);
        if (exact == null
                || established < GroupProtection.MINIMUM_GROUP_SIZE
                || size < GroupProtection.MINIMUM_GROUP_SIZE) {
            return ReleasedRank.withheld(null, GroupRank.GROUP_TOO_SMALL);
        }
        String group = "network:" + memberId;
        long sum = 0;
        for (int score : network.networkCents(memberId)) {
            sum += score;
        }
        double percentile = noisyPercentile(exact.percentileRank(), size, "network-rank", memberId);
        return new ReleasedRank(
                null,
                percentile,
                ReleasedRank.topPercent(percentile),
                GroupAggregate.protectedMean(noise, sum, size, group, release),
                Math.max(
                        GroupProtection.MINIMUM_GROUP_SIZE, GroupProtection.count(noise, size, "size", group, release)),
                null);
    }

    /** The percentile rank with noise on the count of members below: {@link GroupProtection#COUNT_SCALE} members. */
    private double noisyPercentile(double percentileRank, long size, String statistic, String memberId) {
        double noisy = percentileRank
                + 100.0 * noise.laplace(GroupProtection.COUNT_SCALE, statistic, "member:" + memberId, release) / size;
        return Math.max(0, Math.min(100, noisy));
    }
}
