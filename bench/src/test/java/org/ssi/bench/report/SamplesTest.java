package org.ssi.bench.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class SamplesTest {

    private static Samples oneTo(int n, boolean reversed) {
        Samples samples = new Samples();
        for (int i = 1; i <= n; i++) {
            samples.add(reversed ? n + 1 - i : i);
        }
        return samples;
    }

    @Test
    void takes_the_nearest_rank_percentile_of_unsorted_samples() {
        Samples samples = oneTo(100, true);
        assertEquals(50, samples.percentile(50));
        assertEquals(95, samples.percentile(95));
        assertEquals(99, samples.percentile(99));
        assertEquals(100, samples.percentile(100));
        assertEquals(1, samples.percentile(0.5));
    }

    @Test
    void rounds_a_rank_between_two_samples_up() {
        Samples samples = oneTo(10, false);
        assertEquals(5, samples.percentile(50));
        assertEquals(10, samples.percentile(95));
        assertEquals(10, samples.percentile(91));
        assertEquals(9, samples.percentile(90));
    }

    @Test
    void answers_the_only_sample_for_every_percentile() {
        Samples samples = new Samples();
        samples.add(7.5);
        assertEquals(7.5, samples.percentile(1));
        assertEquals(7.5, samples.percentile(99));
        assertEquals(7.5, samples.mean());
    }

    @Test
    void keeps_more_samples_than_its_first_capacity() {
        Samples samples = oneTo(1_000, false);
        assertEquals(1_000, samples.size());
        assertEquals(500.5, samples.mean());
        assertEquals(990, samples.percentile(99));
    }

    @Test
    void refuses_a_percentile_without_samples_or_out_of_range() {
        assertThrows(IllegalStateException.class, () -> new Samples().percentile(50));
        assertThrows(IllegalArgumentException.class, () -> oneTo(3, false).percentile(0));
        assertThrows(IllegalArgumentException.class, () -> oneTo(3, false).percentile(101));
    }
}
