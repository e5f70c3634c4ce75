package org.ssi.bench.report;

import java.util.Arrays;

/** Measured values (latencies, rates) and their order statistics. */
public final class Samples {

    private double[] values = new double[64];
    private int size;

    public void add(double value) {
        if (size == values.length) {
            values = Arrays.copyOf(values, size * 2);
        }
        values[size++] = value;
    }

    public int size() {
        return size;
    }

    /**
     * The p-th percentile by the nearest-rank method: the smallest sample with at least p% of the samples at or
     * below it.
     */
    public double percentile(double p) {
        if (size == 0) {
            throw new IllegalStateException("No samples");
        }
        if (p <= 0 || p > 100) {
            throw new IllegalArgumentException("A percentile is in (0, 100]: " + p);
        }
        double[] sorted = Arrays.copyOf(values, size);
        Arrays.sort(sorted);
        int rank = (int) Math.ceil(p / 100.0 * size);
        return sorted[Math.max(0, Math.min(size, rank) - 1)];
    }

    public double mean() {
        if (size == 0) {
            throw new IllegalStateException("No samples");
        }
        double sum = 0;
        for (int i = 0; i < size; i++) {
            sum += values[i];
        }
        return sum / size;
    }

    public double max() {
        return percentile(100);
    }
}
