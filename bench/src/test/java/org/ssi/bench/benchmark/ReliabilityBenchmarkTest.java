package org.ssi.bench.benchmark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ReliabilityBenchmarkTest {

    @Test
    void counts_every_status_but_times_only_the_successes() {
        Instant start = Instant.parse("2026-11-26T08:00:00Z");
        ReliabilityBenchmark.SecondMinute window = new ReliabilityBenchmark.SecondMinute(
                start.plus(Duration.ofMinutes(1)), start.plus(Duration.ofMinutes(2)));
        ReliabilityBenchmark.Tally tally = new ReliabilityBenchmark.Tally();
        tally.record(200, 10, start, window);
        tally.record(200, 30, start.plusSeconds(90), window);
        tally.record(503, 60_000, start.plusSeconds(90), window);
        tally.record(0, 5, start.plusSeconds(200), window);

        assertEquals(Map.of(0, 1L, 200, 2L, 503, 1L), tally.statuses());
        assertEquals(2, tally.errors());
    }

    @Test
    void the_baseline_is_the_second_minute_of_the_soak() {
        Instant start = Instant.parse("2026-11-26T08:00:00Z");
        ReliabilityBenchmark.SecondMinute second = new ReliabilityBenchmark.SecondMinute(
                start.plus(Duration.ofMinutes(1)), start.plus(Duration.ofMinutes(2)));

        assertFalse(second.contains(start.plusSeconds(59)));
        assertTrue(second.contains(start.plusSeconds(60)));
        assertTrue(second.contains(start.plusSeconds(119)));
        assertFalse(second.contains(start.plusSeconds(120)));
    }
}
