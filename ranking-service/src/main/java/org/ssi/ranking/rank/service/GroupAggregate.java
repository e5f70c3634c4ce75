package org.ssi.ranking.rank.service;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.ssi.privacy.GroupProtection;
import org.ssi.privacy.ProtectiveNoise;
import org.ssi.rules.ScoreBands;

/**
 * The figures of a group of scored members (a team with its sub-teams, or an industry). Computed only for groups of
 * at least {@link GroupProtection#MINIMUM_GROUP_SIZE}; a smaller group carries its size, for the gateway's privacy rules,
 * and the reason it is withheld, never a figure.
 *
 * @param distribution members per band of ten points; the last band includes 100
 * @param leaders members at {@link ScoreBands#LEADER_SCORE} or above
 * @param laggards members at {@link ScoreBands#LAGGARD_SCORE} or below
 */
public record GroupAggregate(
        long size,
        String withheld,
        BigDecimal average,
        BigDecimal median,
        Pillars pillars,
        List<Band> distribution,
        Long leaders,
        Long laggards) {

    private static final int LEADER_CENTS = ScoreBands.LEADER_SCORE * 100;
    private static final int LAGGARD_CENTS = ScoreBands.LAGGARD_SCORE * 100;
    private static final int BAND_CENTS = 1_000;

    /** Average pillars of the group. */
    public record Pillars(BigDecimal brand, BigDecimal find, BigDecimal engage, BigDecimal relationships) {}

    /** Members scoring from {@code from} up to, not including, {@code to} (100 included in the last band). */
    public record Band(int from, int to, long count) {}

    /** The exact figures of the group's members (for admins, and the basis of a release). */
    public static GroupAggregate of(GroupScores scores) {
        return of(scores.cents(), scores.pillarSums());
    }

    /** Aggregates the scores and pillars (hundredths of a point) of the group's members. */
    static GroupAggregate of(int[] cents, long[] pillarSums) {
        int size = cents.length;
        if (size < GroupProtection.MINIMUM_GROUP_SIZE) {
            return new GroupAggregate(size, GroupRank.GROUP_TOO_SMALL, null, null, null, null, null, null);
        }
        int[] sorted = cents.clone();
        Arrays.sort(sorted);
        long sum = 0;
        long[] bands = new long[10];
        long leaders = 0;
        long laggards = 0;
        for (int score : sorted) {
            sum += score;
            bands[Math.min(9, score / BAND_CENTS)]++;
            leaders += score >= LEADER_CENTS ? 1 : 0;
            laggards += score <= LAGGARD_CENTS ? 1 : 0;
        }
        long middle = size % 2 == 1 ? 2L * sorted[size / 2] : (long) sorted[size / 2 - 1] + sorted[size / 2];
        List<Band> distribution = new ArrayList<>();
        for (int band = 0; band < 10; band++) {
            distribution.add(new Band(band * 10, band * 10 + 10, bands[band]));
        }
        return new GroupAggregate(
                size,
                null,
                points(sum, size),
                points(middle, 2),
                new Pillars(
                        points(pillarSums[0], size),
                        points(pillarSums[1], size),
                        points(pillarSums[2], size),
                        points(pillarSums[3], size)),
                distribution,
                leaders,
                laggards);
    }

    /**
     * The figures a non-admin sees in a release (docs/privacy.md): withheld while fewer than ten members count toward
     * the group (its protected count); otherwise every statistic carries its own deterministic noise, keyed by the
     * statistic, the group and the release, so asking again gives the same figures and a new release new noise.
     *
     * @param protectedCount the members who count toward the ten: those already in the group in the previous release
     * @param group the group's key, e.g. {@code team:emea}
     * @param release the release's key, e.g. {@code release:42}
     */
    public static GroupAggregate released(
            GroupScores scores, long protectedCount, ProtectiveNoise noise, String group, String release) {
        int size = scores.size();
        if (protectedCount < GroupProtection.MINIMUM_GROUP_SIZE || size < GroupProtection.MINIMUM_GROUP_SIZE) {
            return new GroupAggregate(size, GroupRank.GROUP_TOO_SMALL, null, null, null, null, null, null);
        }
        int[] sorted = scores.cents().clone();
        Arrays.sort(sorted);
        long[] bands = new long[10];
        long leaders = 0;
        long laggards = 0;
        for (int score : sorted) {
            bands[Math.min(9, score / BAND_CENTS)]++;
            leaders += score >= LEADER_CENTS ? 1 : 0;
            laggards += score <= LAGGARD_CENTS ? 1 : 0;
        }
        List<Band> distribution = new ArrayList<>();
        for (int band = 0; band < 10; band++) {
            long count = GroupProtection.count(noise, bands[band], "band:" + band, group, release);
            distribution.add(new Band(band * 10, band * 10 + 10, count));
        }
        double median = (size % 2 == 1 ? sorted[size / 2] : (sorted[size / 2 - 1] + sorted[size / 2]) / 2.0) / 100;
        double noisyMedian = median + noise.laplace(GroupProtection.medianScale(size), "median", group, release);
        long[] pillars = scores.pillarSums();
        return new GroupAggregate(
                Math.max(
                        GroupProtection.MINIMUM_GROUP_SIZE, GroupProtection.count(noise, size, "size", group, release)),
                null,
                protectedMean(noise, scores.sumOfCents(), size, group, release),
                BigDecimal.valueOf(GroupProtection.round2(Math.max(0, Math.min(100, noisyMedian))))
                        .setScale(2, RoundingMode.HALF_UP),
                new Pillars(
                        pillarMean(noise, pillars[0], size, "brand", group, release),
                        pillarMean(noise, pillars[1], size, "find", group, release),
                        pillarMean(noise, pillars[2], size, "engage", group, release),
                        pillarMean(noise, pillars[3], size, "relationships", group, release)),
                distribution,
                GroupProtection.count(noise, leaders, "leaders", group, release),
                GroupProtection.count(noise, laggards, "laggards", group, release));
    }

    /** The protected average score of a group whose scores sum to {@code sumOfCents}. */
    public static BigDecimal protectedMean(
            ProtectiveNoise noise, long sumOfCents, long size, String group, String release) {
        return mean(noise, sumOfCents, size, GroupProtection.SCORE_SUM_SCALE, 100, "average", group, release);
    }

    private static BigDecimal pillarMean(
            ProtectiveNoise noise, long sumOfCents, int size, String pillar, String group, String release) {
        return mean(noise, sumOfCents, size, GroupProtection.PILLAR_SUM_SCALE, 25, "pillar:" + pillar, group, release);
    }

    /** The protected mean of a sum of hundredths of a point, as points with two decimals. */
    static BigDecimal mean(
            ProtectiveNoise noise,
            long sumOfCents,
            long size,
            double scale,
            double max,
            String statistic,
            String group,
            String release) {
        double mean = GroupProtection.mean(noise, sumOfCents / 100.0, size, scale, max, statistic, group, release);
        return BigDecimal.valueOf(mean).setScale(2, RoundingMode.HALF_UP);
    }

    /** {@code cents / count} hundredths of a point, as points with two decimals. */
    private static BigDecimal points(long cents, long count) {
        return BigDecimal.valueOf(cents).divide(BigDecimal.valueOf(count * 100L), 2, RoundingMode.HALF_UP);
    }
}
