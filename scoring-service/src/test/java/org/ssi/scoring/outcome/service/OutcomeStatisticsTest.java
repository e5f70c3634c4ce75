package org.ssi.scoring.outcome.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.junit.jupiter.api.Test;
import org.ssi.scoring.outcome.service.OutcomeStatistics.Ratio;
import org.ssi.scoring.outcome.service.OutcomeStatistics.Slope;

/** The statistics alone, on simulated members whose true relation is known. */
class OutcomeStatisticsTest {

    private static final double TRUE_SLOPE_PER_10_POINTS = 4.3;

    /** Members with SSI uniform in [5, 95]; outcome = base + slope * SSI + noise growing with SSI. */
    private record Sample(double[] ssi, double[] outcome) {
        static Sample simulate(long seed, int n, double slopePerPoint) {
            Random random = new Random(seed);
            double[] ssi = new double[n];
            double[] outcome = new double[n];
            for (int i = 0; i < n; i++) {
                ssi[i] = 5 + 90 * random.nextDouble();
                outcome[i] = 6 + slopePerPoint * ssi[i] + (1 + 0.08 * ssi[i]) * random.nextGaussian();
            }
            return new Sample(ssi, outcome);
        }
    }

    @Test
    void matches_an_independent_computation_of_the_hc3_interval() {
        // reference: numpy sandwich (X'X)^-1 X' diag(e^2 / (1 - h)^2) X (X'X)^-1 and scipy's t(8) quantile
        double[] x = {12, 25, 31, 40, 47, 55, 63, 71, 78, 90};
        double[] y = {3, 9, 8, 15, 14, 22, 20, 35, 28, 50};

        Slope slope = OutcomeStatistics.slope(x, y).orElseThrow();

        assertEquals(0.5341655242080958, slope.slope(), 1e-12);
        assertEquals(0.11848944007223054, slope.standardError(), 1e-12);
        assertEquals(0.260928385423506, slope.low(), 1e-9);
        assertEquals(0.8074026629926856, slope.high(), 1e-9);
        assertEquals(0.9357607723893546, OutcomeStatistics.correlation(x, y).getAsDouble(), 1e-12);
    }

    @Test
    void recovers_a_known_slope_of_4_3_per_10_points_within_its_interval() {
        // any one sample misses the truth with 5% probability; the coverage test below checks the rate over many
        Sample sample = Sample.simulate(42L, 300, TRUE_SLOPE_PER_10_POINTS / 10);

        Slope per10 = OutcomeStatistics.slope(sample.ssi(), sample.outcome())
                .orElseThrow()
                .per(10);

        assertTrue(per10.covers(TRUE_SLOPE_PER_10_POINTS), () -> "interval " + per10);
        assertEquals(TRUE_SLOPE_PER_10_POINTS, per10.slope(), 0.5);
        assertTrue(per10.high() - per10.low() < 1.5, () -> "an informative interval: " + per10);
        assertFalse(per10.covers(0), "with 300 members the relation is clearly there");
    }

    @Test
    void covers_zero_when_the_outcome_does_not_depend_on_the_score() {
        Sample sample = Sample.simulate(7L, 200, 0);

        Slope per10 = OutcomeStatistics.slope(sample.ssi(), sample.outcome())
                .orElseThrow()
                .per(10);

        assertTrue(per10.covers(0), () -> "interval " + per10);
        assertTrue(Math.abs(OutcomeStatistics.correlation(sample.ssi(), sample.outcome())
                        .getAsDouble())
                < 0.2);
    }

    @Test
    void keeps_its_95_percent_promise_when_the_noise_grows_with_the_score() {
        int replications = 1000;
        int covered = 0;
        double sum = 0;
        for (int r = 0; r < replications; r++) {
            Sample sample = Sample.simulate(1000L + r, 60, TRUE_SLOPE_PER_10_POINTS / 10);
            Slope per10 = OutcomeStatistics.slope(sample.ssi(), sample.outcome())
                    .orElseThrow()
                    .per(10);
            sum += per10.slope();
            if (per10.covers(TRUE_SLOPE_PER_10_POINTS)) {
                covered++;
            }
        }
        double coverage = covered / (double) replications;
        double mean = sum / replications;
        assertTrue(coverage > 0.925 && coverage < 0.975, () -> "coverage " + coverage);
        assertEquals(TRUE_SLOPE_PER_10_POINTS, mean, 0.05, "no bias");
    }

    @Test
    void reproduces_a_known_ratio_of_leaders_to_laggards_with_an_independent_interval() {
        // reference: delta method on the log ratio, computed with numpy and scipy's normal quantile
        double[] leaders = {16, 24, 18, 22, 20};
        double[] laggards = {8, 12, 9, 11, 10, 10};

        Ratio ratio = OutcomeStatistics.ratioOfMeans(leaders, laggards).orElseThrow();

        assertEquals(2.0, ratio.ratio(), 1e-12);
        assertEquals(1.6723465604623553, ratio.low(), 1e-9);
        assertEquals(2.3918487319363497, ratio.high(), 1e-9);
    }

    @Test
    void recovers_a_simulated_twofold_ratio_within_its_interval() {
        Random random = new Random(11);
        double[] leaders = new double[40];
        double[] laggards = new double[200];
        for (int i = 0; i < leaders.length; i++) {
            leaders[i] = 20 + 5 * random.nextGaussian();
        }
        for (int i = 0; i < laggards.length; i++) {
            laggards[i] = 10 + 3 * random.nextGaussian();
        }

        Ratio ratio = OutcomeStatistics.ratioOfMeans(leaders, laggards).orElseThrow();

        assertTrue(ratio.low() <= 2 && 2 <= ratio.high(), () -> "interval " + ratio);
        assertEquals(2, ratio.ratio(), 0.2);
    }

    @Test
    void estimates_nothing_where_the_data_cannot_tell() {
        double[] same = {40, 40, 40, 40, 40};
        double[] outcome = {1, 2, 3, 4, 5};

        assertTrue(OutcomeStatistics.slope(same, outcome).isEmpty(), "no variation in SSI");
        assertTrue(OutcomeStatistics.correlation(same, outcome).isEmpty());
        assertTrue(
                OutcomeStatistics.slope(new double[] {1, 2}, new double[] {1, 2})
                        .isEmpty(),
                "two points");
        assertTrue(
                OutcomeStatistics.ratioOfMeans(outcome, new double[] {0, 0, 0}).isEmpty(), "laggards at 0");
        assertTrue(OutcomeStatistics.ratioOfMeans(new double[] {3}, outcome).isEmpty(), "one leader");
    }
}
