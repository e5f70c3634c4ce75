package org.ssi.bench.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class BenchmarkReportTest {

    @Test
    void formats_numbers_to_a_few_significant_digits() {
        assertEquals("123,457", BenchmarkReport.number(123_456.7));
        assertEquals("45.7", BenchmarkReport.number(45.66));
        assertEquals("1.50", BenchmarkReport.number(1.5));
        assertEquals("0.012", BenchmarkReport.number(0.012345));
        assertEquals("0.05", BenchmarkReport.number(0.05));
        assertEquals("0.00", BenchmarkReport.number(0));
    }

    @Test
    void writes_a_small_ratio_as_a_fraction() {
        assertEquals("1/40,000", BenchmarkReport.ratio(0.000025));
        assertEquals("0.25", BenchmarkReport.ratio(0.25));
        assertEquals("—", BenchmarkReport.ratio(null));
    }

    @Test
    void has_no_ratio_without_a_baseline() {
        assertEquals(null, new Figure("x", 1, "ms", null, null).ratio());
        assertEquals(null, Figure.of("x", 1, "ms", "zero", 0).ratio());
        assertEquals(0.5, Figure.of("x", 1, "ms", "two", 2).ratio());
    }

    @Test
    void writes_the_run_and_each_figure_with_its_baseline_and_ratio() {
        Section ingestion = new Section("ingestion", "Ingestion")
                .figure(Figure.of("events/s through the gateway", 20_000, "events/s", "PostgreSQL COPY", 400_000))
                .figure(new Figure("RSS of activity-service", 310, "MB", null, null))
                .note("batches of 10,000 events");
        String markdown = BenchmarkReport.markdown(
                new BenchmarkReport.Run(
                        "./ssi bench ingestion",
                        "2026-11-26T04:00Z",
                        "2 cores",
                        "fsync = on, synchronous_commit = on, full_page_writes = on",
                        "3 min",
                        List.of("shared machine")),
                List.of(ingestion));
        assertTrue(markdown.contains("| command | `./ssi bench ingestion` |"), markdown);
        assertTrue(markdown.contains("| machine | 2 cores |"), markdown);
        assertTrue(
                markdown.contains("| PostgreSQL | fsync = on, synchronous_commit = on, full_page_writes = on |"),
                markdown);
        assertTrue(markdown.contains("- shared machine"), markdown);
        assertTrue(markdown.contains("## Ingestion (`ingestion`)"), markdown);
        assertTrue(
                markdown.contains(
                        "| events/s through the gateway | 20,000 events/s | PostgreSQL COPY | 400,000 events/s | 0.05 |"),
                markdown);
        assertTrue(markdown.contains("| RSS of activity-service | 310 MB | — | — | — |"), markdown);
        assertTrue(markdown.contains("- batches of 10,000 events"), markdown);
    }

    @Test
    void lists_the_goals_of_every_section_before_the_sections() {
        Section startup = new Section("startup", "Start-up")
                .goal(Goal.atMost("activity-service started alone", 11.3, "s", 3))
                .goal(Goal.atMost("RSS of gateway after the load", 271, "MB", 300));
        Section rollover = new Section("rollover", "Rollover")
                .goal(Goal.atLeast("rollover ÷ its same-work SQL baseline", 0.31, "", 0.5));
        String markdown = BenchmarkReport.markdown(
                new BenchmarkReport.Run("./ssi bench", "now", "2 cores", "fsync = on", "1 min", List.of()),
                List.of(startup, rollover));
        assertTrue(
                markdown.contains("| activity-service started alone ≤ 3 s | 11.3 s | 3.8× over the goal |"), markdown);
        assertTrue(markdown.contains("| RSS of gateway after the load ≤ 300 MB | 271 MB | met |"), markdown);
        assertTrue(
                markdown.contains("| rollover ÷ its same-work SQL baseline ≥ 0.5 | 0.31 | 0.31 of the required 0.5 |"),
                markdown);
        assertTrue(markdown.indexOf("## Goals") < markdown.indexOf("## Start-up"), markdown);
    }

    @Test
    void has_no_goals_section_without_goals() {
        String markdown = BenchmarkReport.markdown(
                new BenchmarkReport.Run("./ssi bench", "now", "2 cores", "fsync = on", "1 min", List.of()),
                List.of(new Section("gateway", "Gateway")));
        assertTrue(!markdown.contains("## Goals"), markdown);
    }
}
