package org.ssi.privacy;

/**
 * The numbers of the group privacy model (docs/privacy.md), named once. A group statistic a non-admin sees is the
 * exact one plus {@link ProtectiveNoise} of these scales, and only for groups whose protected count reaches
 * {@link #MINIMUM_GROUP_SIZE}.
 *
 * <p>Why these scales: a team of 25 must see its average within ±1 point 95% of the time, so the noise on a sum of
 * scores may not exceed Laplace(8) (P(|L| &gt; 25) = e^(-25/8) = 4.4%); any derivation of one member from two
 * figures then carries the difference of two such draws, whose standard deviation is 2 × 8 = 16 points, well above
 * the 5 points RMS the model promises.
 */
public final class GroupProtection {

    /** No figure of a group with fewer protected members is shown; nor any difference of visible groups of 1 to 9. */
    public static final int MINIMUM_GROUP_SIZE = 10;

    /** Laplace scale of the noise on a sum of scores (0–100 each), in points: ε = 100 / 8 = 12.5 per release. */
    public static final double SCORE_SUM_SCALE = 8.0;

    /** Laplace scale of the noise on a sum of one pillar (0–25 each), in points: the same ε as the score sum. */
    public static final double PILLAR_SUM_SCALE = 2.0;

    /**
     * Laplace scale of the noise on the median of a group of ten, in points (standard deviation 11.3): the median of an
     * odd-sized group is one member's score, so in a small group it may tell no more about that member than a
     * differenced sum does. See {@link #medianScale(long)}.
     */
    public static final double MEDIAN_SCALE = 8.0;

    /** Laplace scale of the noise on a count of members (a size, a band, leaders, laggards, members below a rank). */
    public static final double COUNT_SCALE = 2.0;

    private GroupProtection() {}

    /**
     * The Laplace scale of a released median of {@code size} members: {@link #MEDIAN_SCALE} × √(10 / size). The gap
     * between neighbouring scores, and so what one member moves the median, shrinks as a group grows: a group of 11
     * gets 7.6 points, of 25 5.1, of 100 2.5, an industry of 3,000 0.15.
     */
    public static double medianScale(long size) {
        return MEDIAN_SCALE * Math.sqrt((double) MINIMUM_GROUP_SIZE / Math.max(MINIMUM_GROUP_SIZE, size));
    }

    /** The protected mean: (sum + Laplace(sumScale)) / size, rounded to two decimals and kept within [0, max]. */
    public static double mean(
            ProtectiveNoise noise, double sum, long size, double sumScale, double max, String... key) {
        double noisy = (sum + noise.laplace(sumScale, key)) / size;
        return round2(Math.max(0, Math.min(max, noisy)));
    }

    /** The protected count: count + Laplace(COUNT_SCALE), rounded to a whole number and never negative. */
    public static long count(ProtectiveNoise noise, long count, String... key) {
        return Math.max(0, Math.round(count + noise.laplace(COUNT_SCALE, key)));
    }

    /** Rounds half up to two decimals. */
    public static double round2(double value) {
        return java.math.BigDecimal.valueOf(value)
                .setScale(2, java.math.RoundingMode.HALF_UP)
                .doubleValue();
    }
}
