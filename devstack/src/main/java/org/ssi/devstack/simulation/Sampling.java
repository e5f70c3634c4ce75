package org.ssi.devstack.simulation;

import java.util.SplittableRandom;

/** Poisson and binomial draws, with the normal approximation for large means (as the calibration population). */
final class Sampling {

    private Sampling() {}

    static long poisson(SplittableRandom random, double mean) {
        if (mean <= 0) {
            return 0;
        }
        if (mean > 50) {
            return Math.max(0, Math.round(mean + Math.sqrt(mean) * random.nextGaussian()));
        }
        double limit = Math.exp(-mean);
        double product = random.nextDouble();
        long count = 0;
        while (product > limit) {
            product *= random.nextDouble();
            count++;
        }
        return count;
    }

    static long binomial(SplittableRandom random, long trials, double p) {
        if (trials <= 0 || p <= 0) {
            return 0;
        }
        if (trials > 100) {
            double mean = trials * p;
            double deviation = Math.sqrt(trials * p * (1 - p));
            return Math.max(0, Math.min(trials, Math.round(mean + deviation * random.nextGaussian())));
        }
        long successes = 0;
        for (long i = 0; i < trials; i++) {
            if (random.nextDouble() < p) {
                successes++;
            }
        }
        return successes;
    }
}
