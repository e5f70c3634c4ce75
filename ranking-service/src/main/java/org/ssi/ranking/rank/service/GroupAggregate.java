package org.ssi.ranking.rank.service;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The figures of a group of scored members (a team with its sub-teams, or an industry). Computed only for groups of
 * at least {@link GroupRank#MINIMUM_GROUP_SIZE}; a smaller group carries its size, for the gateway's privacy rules,
 * and the reason it is withheld, never a figure.
 *
 * @param distribution members per band of ten points; the last band includes 100
 * @param leaders members at 70 or above
 * @param laggards members at 30 or below
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

    static final int LEADER_CENTS = 7_000;
    static final int LAGGARD_CENTS = 3_000;
    private static final int BAND_CENTS = 1_000;

    /** Average pillars of the group. */
    public record Pillars(BigDecimal brand, BigDecimal find, BigDecimal engage, BigDecimal relationships) {}

    /** Members scoring from {@code from} up to, not including, {@code to} (100 included in the last band). */
    public record Band(int from, int to, long count) {}

    /** Aggregates the scores and pillars (hundredths of a point) of the group's members. */
    static GroupAggregate of(int[] cents, long[] pillarSums) {
        int size = cents.length;
        if (size < GroupRank.MINIMUM_GROUP_SIZE) {
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

    /** {@code cents / count} hundredths of a point, as points with two decimals. */
    private static BigDecimal points(long cents, long count) {
        return BigDecimal.valueOf(cents).divide(BigDecimal.valueOf(count * 100L), 2, RoundingMode.HALF_UP);
    }
}
