package org.ssi.privacy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class ProtectiveNoiseTest {

    private final ProtectiveNoise noise = ProtectiveNoise.fromSecret("a secret of the test, long enough");

    @Test
    void gives_the_same_noise_for_the_same_statistic_group_and_release() {
        assertEquals(
                noise.laplace(8, "average", "team:a", "release:1"), noise.laplace(8, "average", "team:a", "release:1"));
        assertEquals(
                noise.laplace(8, "average", "team:a", "release:1"),
                ProtectiveNoise.fromSecret("a secret of the test, long enough")
                        .laplace(8, "average", "team:a", "release:1"));
    }

    @Test
    void gives_other_noise_in_another_release_group_statistic_or_secret() {
        double base = noise.laplace(8, "average", "team:a", "release:1");
        assertNotEquals(base, noise.laplace(8, "average", "team:a", "release:2"));
        assertNotEquals(base, noise.laplace(8, "average", "team:b", "release:1"));
        assertNotEquals(base, noise.laplace(8, "median", "team:a", "release:1"));
        assertNotEquals(
                base,
                ProtectiveNoise.fromSecret("another secret, also long enough")
                        .laplace(8, "average", "team:a", "release:1"));
        // The parts are length-prefixed: moving a boundary between parts is another key.
        assertNotEquals(noise.laplace(8, "ab", "c"), noise.laplace(8, "a", "bc"));
    }

    @Test
    void draws_laplace_noise_of_the_stated_scale() {
        int n = 200_000;
        double sum = 0;
        double sumOfSquares = 0;
        int beyond25 = 0;
        for (int i = 0; i < n; i++) {
            double x = noise.laplace(8, "sum", "group:" + i, "release:1");
            sum += x;
            sumOfSquares += x * x;
            beyond25 += Math.abs(x) > 25 ? 1 : 0;
        }
        double mean = sum / n;
        double sd = Math.sqrt(sumOfSquares / n - mean * mean);
        assertEquals(0, mean, 0.1);
        assertEquals(8 * Math.sqrt(2), sd, 0.15);
        // P(|L| > 25) = exp(-25 / 8) = 4.39%: a team of 25 sees its average within ±1 point 95% of the time.
        assertEquals(Math.exp(-25.0 / 8), beyond25 / (double) n, 0.003);
    }

    @Test
    void narrows_the_median_s_noise_as_the_group_grows() {
        assertEquals(8.0, GroupProtection.medianScale(10), 1e-9);
        assertEquals(8.0, GroupProtection.medianScale(3), 1e-9, "never wider than a group of ten's");
        assertEquals(8 * Math.sqrt(10.0 / 11), GroupProtection.medianScale(11), 1e-9);
        assertEquals(2.53, GroupProtection.medianScale(100), 0.01);
        assertTrue(GroupProtection.medianScale(3000) < 0.5);
    }

    @Test
    void keeps_the_uniform_inside_the_open_interval() {
        for (int i = 0; i < 10_000; i++) {
            double u = noise.uniform("u", Integer.toString(i));
            assertTrue(u > 0 && u < 1, "u = " + u);
        }
    }

    @Test
    void refuses_a_short_secret_and_a_scale_that_is_not_positive() {
        assertThrows(IllegalArgumentException.class, () -> ProtectiveNoise.fromSecret("short"));
        assertThrows(IllegalArgumentException.class, () -> noise.laplace(0, "x"));
    }

    @Test
    void protects_a_mean_and_a_count_within_their_ranges() {
        for (int i = 0; i < 1000; i++) {
            double mean = GroupProtection.mean(noise, 0, 10, GroupProtection.SCORE_SUM_SCALE, 100, "m", "" + i);
            assertTrue(mean >= 0 && mean <= 100);
            assertTrue(GroupProtection.count(noise, 0, "c", "" + i) >= 0);
        }
    }
}
