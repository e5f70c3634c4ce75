package org.ssi.ranking.rank.service;

import jakarta.enterprise.context.ApplicationScoped;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;

/**
 * Every scored member's score, held in memory: per industry, the count of members at each of the 10,001 possible
 * scores (0.00 to 100.00) in a Fenwick tree, so that a rank and an update are both O(log n). Rebuilt from the
 * database at start.
 */
@ApplicationScoped
public class RankIndex {

    static final int BUCKETS = 10_001;

    private record Placement(String industry, String teamId, int cents, int[] pillarCents) {}

    private static final class Industry {
        final Fenwick counts = new Fenwick(BUCKETS);
        long size;
        long sumOfCents;

        void add(int cents, int sign) {
            counts.add(cents, sign);
            size += sign;
            sumOfCents += (long) sign * cents;
        }
    }

    private final Map<String, Industry> industries = new HashMap<>();
    private final Map<String, Placement> members = new HashMap<>();
    private long appliedUpTo;

    /**
     * Places the member at the score in the industry and team, moving them from where they were.
     *
     * @param pillarCents brand, find, engage and relationships, in hundredths of a point
     */
    public synchronized void put(
            String memberId, String industry, String teamId, int cents, int[] pillarCents, long seq) {
        if (cents < 0 || cents >= BUCKETS) {
            throw new IllegalArgumentException("A score is 0.00 to 100.00: " + cents / 100.0);
        }
        Placement before = members.put(memberId, new Placement(industry, teamId, cents, pillarCents.clone()));
        if (before != null) {
            industries.get(before.industry()).add(before.cents(), -1);
        }
        industries.computeIfAbsent(industry, code -> new Industry()).add(cents, +1);
        appliedUpTo = Math.max(appliedUpTo, seq);
    }

    /** The highest score feed position applied. */
    public synchronized long appliedUpTo() {
        return appliedUpTo;
    }

    /** The member's rank in their industry, or null when the member has no score. */
    public synchronized GroupRank industryRank(String memberId) {
        Placement placement = members.get(memberId);
        if (placement == null) {
            return null;
        }
        Industry industry = industries.get(placement.industry());
        long below = industry.counts.prefix(placement.cents() - 1);
        long equal = industry.counts.at(placement.cents());
        return GroupRank.of(placement.industry(), below, equal, industry.size, industry.sumOfCents);
    }

    /** The member's rank among themselves and those of the connections who have a score; null without a score. */
    public synchronized GroupRank networkRank(String memberId, Collection<String> connections) {
        Placement self = members.get(memberId);
        if (self == null) {
            return null;
        }
        long below = 0;
        long equal = 1;
        long size = 1;
        long sum = self.cents();
        for (String other : connections) {
            Placement placement = members.get(other);
            if (placement == null || other.equals(memberId)) {
                continue;
            }
            size++;
            sum += placement.cents();
            if (placement.cents() < self.cents()) {
                below++;
            } else if (placement.cents() == self.cents()) {
                equal++;
            }
        }
        return GroupRank.of(null, below, equal, size, sum);
    }

    /** The figures of the members of the teams (a team and its sub-teams). */
    public synchronized GroupAggregate teamAggregate(Collection<String> teamIds) {
        return GroupAggregate.of(teamScores(teamIds));
    }

    /** The figures of an industry's members. */
    public synchronized GroupAggregate industryAggregate(String industry) {
        return GroupAggregate.of(industryScores(industry));
    }

    /** The scores of the members of the teams (a team and its sub-teams). */
    public synchronized GroupScores teamScores(Collection<String> teamIds) {
        java.util.Set<String> teams = java.util.Set.copyOf(teamIds);
        return scores(members.values().stream()
                .filter(p -> p.teamId() != null && teams.contains(p.teamId()))
                .toList());
    }

    /** The scores of an industry's members. */
    public synchronized GroupScores industryScores(String industry) {
        return scores(members.values().stream()
                .filter(p -> p.industry().equals(industry))
                .toList());
    }

    private static GroupScores scores(java.util.List<Placement> group) {
        int[] cents = new int[group.size()];
        long[] pillarSums = new long[4];
        for (int i = 0; i < cents.length; i++) {
            Placement placement = group.get(i);
            cents[i] = placement.cents();
            for (int pillar = 0; pillar < 4; pillar++) {
                pillarSums[pillar] += placement.pillarCents()[pillar];
            }
        }
        return new GroupScores(cents, pillarSums);
    }

    /** A scored member as the index holds them, with their industry rank, all read at one moment. */
    public record Standing(String memberId, String industry, String teamId, int cents, GroupRank industryRank) {}

    /** Every scored member with their industry rank, consistent with each other (one lock for the whole copy). */
    public synchronized java.util.List<Standing> standings() {
        java.util.List<Standing> standings = new java.util.ArrayList<>(members.size());
        members.forEach((memberId, placement) -> standings.add(new Standing(
                memberId, placement.industry(), placement.teamId(), placement.cents(), industryRank(memberId))));
        return standings;
    }

    /** The codes of the industries that have scored members. */
    public synchronized java.util.Set<String> industryCodes() {
        java.util.Set<String> codes = new java.util.TreeSet<>();
        industries.forEach((code, industry) -> {
            if (industry.size > 0) {
                codes.add(code);
            }
        });
        return codes;
    }

    public synchronized int size() {
        return members.size();
    }

    synchronized Map<String, Long> industrySizes() {
        Map<String, Long> sizes = new HashMap<>();
        industries.forEach((code, industry) -> sizes.put(code, industry.size));
        return sizes;
    }
}
