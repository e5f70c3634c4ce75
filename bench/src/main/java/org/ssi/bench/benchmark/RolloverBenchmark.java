package org.ssi.bench.benchmark;

import static org.ssi.bench.run.BenchContext.progress;

import com.fasterxml.jackson.databind.JsonNode;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.time.Instant;
import org.ssi.bench.report.Figure;
import org.ssi.bench.report.Samples;
import org.ssi.bench.report.Section;
import org.ssi.bench.run.BenchContext;
import org.ssi.bench.run.Population;
import org.ssi.devstack.Http;

/**
 * The daily rollover of a day on which every member's 90-day window changed, against one SQL query that only sums
 * the same aggregates (the floor of what any rescoring costs).
 */
public final class RolloverBenchmark implements Benchmark {

    @Override
    public String name() {
        return "rollover";
    }

    @Override
    public Duration budget() {
        return Duration.ofMinutes(5);
    }

    @Override
    public Section run(BenchContext context, Budget budget) throws Exception {
        Population population = context.population();
        Population.awaitFeedsCaughtUp(context, Duration.ofMinutes(2));
        Section section = new Section(name(), "Daily rollover vs one SQL query summing the same aggregates");
        String day = population.day().toString();
        progress(
                name() + ": rollover of " + day + " for " + population.members().size() + " members");
        Instant start = Instant.now();
        var answer = BenchContext.expectOk(
                context.post(
                        context.scoring() + "/internal/admin/rollover?day=" + day,
                        context.viaGateway("root", "admin"),
                        "application/json",
                        new byte[0],
                        budget.left()),
                "rollover");
        double seconds = Population.seconds(start);
        JsonNode result = Http.JSON.readTree(answer.body());
        int rescored = result.path("rescored").asInt();
        progress(name() + ": " + answer.body() + " in " + String.format("%.1f", seconds) + " s");

        Samples sums = new Samples();
        String sql = "select count(*), sum(in_window), sum(to_date) from (select member_id, metric,"
                + " coalesce(sum(total) filter (where day > ?::date - 90), 0) as in_window, sum(total) as to_date"
                + " from activity.daily_activity where day <= ?::date group by member_id, metric) t";
        try (Connection connection = context.database();
                PreparedStatement query = connection.prepareStatement(sql)) {
            query.setObject(1, population.day());
            query.setObject(2, population.day());
            for (int i = 0; i < 3 && !budget.spent(); i++) {
                Instant began = Instant.now();
                try (var rows = query.executeQuery()) {
                    rows.next();
                }
                sums.add(Population.seconds(began));
            }
        }
        double sumSeconds = sums.percentile(50);
        section.figure(Figure.of(
                "members rescored per second by the rollover",
                rescored / seconds,
                "members/s",
                "one SQL query summing the same aggregates",
                rescored / sumSeconds));
        section.figure(
                Figure.of("rollover time", seconds, "s", "the SQL sum (median of " + sums.size() + ")", sumSeconds));
        section.note(String.format(
                "%,d members rescored (every member has aggregates on the day), %,d carried forward;"
                        + " %,d daily aggregate rows over %d days (%s to %s) for %,d members.",
                rescored,
                result.path("carriedForward").asInt(),
                population.aggregateRows(),
                Population.DAYS,
                population.day().minusDays(Population.DAYS - 1),
                population.day(),
                population.members().size()));
        section.note("Scaled down from the issue's 100,000 members so that the whole run fits 20 minutes on 2 cores"
                + " (set -Dssi.bench.members for more); the aggregates are written by one SQL statement, not"
                + " through the API, because the rollover reads aggregates, not events.");
        section.note("Called on scoring-service (`POST /internal/admin/rollover`, what `POST /api/v1/admin/rollover`"
                + " forwards to) because the gateway gives an upstream call 30 s at most.");
        section.note("The rollover asks activity-service for the inputs of 1,000 members per HTTP call"
                + " (POST /internal/member-inputs) and writes each page's scores and score feed entries with set-based"
                + " statements in one transaction; the baseline only aggregates, in one query.");
        return section;
    }
}
