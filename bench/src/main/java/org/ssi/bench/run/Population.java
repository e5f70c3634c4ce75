package org.ssi.bench.run;

import static org.ssi.bench.run.BenchContext.expectOk;
import static org.ssi.bench.run.BenchContext.progress;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.ssi.devstack.Http;
import org.ssi.devstack.IndustryCatalogue;

/**
 * The benchmarks' own organisation: {@code members} reps in 150 industries of skewed (Zipf) sizes with 90 days of
 * daily aggregates, imported through the public directory import, plus a small industry of members without any
 * activity for the freshness samples. Waits until every member is scored and ranked.
 */
public final class Population {

    public static final int INDUSTRIES = 150;
    public static final int DAYS = 90;
    public static final int FRESH = 70;
    public static final String FRESH_INDUSTRY = "bench-fresh";
    private static final String[] METRICS = {
        "POST_SHARED", "ENGAGEMENT_GIVEN", "PEOPLE_SEARCH", "MESSAGE_SENT", "PROFILE_VIEW_RECEIVED", "INMAIL_SENT"
    };

    private final List<String> members;
    private final List<String> fresh;
    private final LocalDate day;
    private final double importSeconds;
    private final double scoredSeconds;
    private final long aggregateRows;

    private Population(
            List<String> members,
            List<String> fresh,
            LocalDate day,
            double importSeconds,
            double scoredSeconds,
            long aggregateRows) {
        this.members = members;
        this.fresh = fresh;
        this.day = day;
        this.importSeconds = importSeconds;
        this.scoredSeconds = scoredSeconds;
        this.aggregateRows = aggregateRows;
    }

    public List<String> members() {
        return members;
    }

    public List<String> fresh() {
        return fresh;
    }

    /** The last day of the aggregates (today, UTC). */
    public LocalDate day() {
        return day;
    }

    public double importSeconds() {
        return importSeconds;
    }

    public double scoredSeconds() {
        return scoredSeconds;
    }

    public long aggregateRows() {
        return aggregateRows;
    }

    public static String memberId(int i) {
        return "bm-%06d".formatted(i);
    }

    /** Industry sizes proportional to 1/rank (Zipf, s = 1), as industries are in a real sales organisation. */
    public static final class SkewedIndustries {
        private final double[] cumulative = new double[INDUSTRIES];

        public SkewedIndustries() {
            double sum = 0;
            for (int k = 0; k < INDUSTRIES; k++) {
                sum += 1.0 / (k + 1);
                cumulative[k] = sum;
            }
            for (int k = 0; k < INDUSTRIES; k++) {
                cumulative[k] /= sum;
            }
        }

        public int draw(Random random) {
            double u = random.nextDouble();
            int low = 0;
            int high = INDUSTRIES - 1;
            while (low < high) {
                int mid = (low + high) >>> 1;
                if (cumulative[mid] < u) {
                    low = mid + 1;
                } else {
                    high = mid;
                }
            }
            return low;
        }

        public static String code(int industry) {
            return "industry-%03d".formatted(industry);
        }
    }

    static Population create(BenchContext context) {
        int size = Integer.getInteger("ssi.bench.members", 3_000);
        LocalDate day = LocalDate.now(ZoneOffset.UTC);
        progress("population: " + size + " members in " + INDUSTRIES + " skewed industries, " + DAYS
                + " days of aggregates, plus " + FRESH + " members without activity");
        long rows = seedAggregates(context, size, day);
        List<String> members = new ArrayList<>();
        List<String> fresh = new ArrayList<>();
        StringBuilder ndjson = new StringBuilder();
        Random random = new Random(20261126L);
        SkewedIndustries industries = new SkewedIndustries();
        for (int i = 1; i <= size; i++) {
            members.add(memberId(i));
            appendMember(ndjson, memberId(i), SkewedIndustries.code(industries.draw(random)), random);
        }
        for (int i = 1; i <= FRESH; i++) {
            String id = "bf-%03d".formatted(i);
            fresh.add(id);
            appendMember(ndjson, id, FRESH_INDUSTRY, random);
        }
        // The ingest client names only catalogued industries: the admin registers them first.
        List<String> codes = new ArrayList<>();
        for (int k = 0; k < INDUSTRIES; k++) {
            codes.add(SkewedIndustries.code(k));
        }
        codes.add(FRESH_INDUSTRY);
        IndustryCatalogue.register(context.gateway(), context.personToken(IndustryCatalogue.ADMIN_LOGIN), codes);
        Instant start = Instant.now();
        var answer = expectOk(
                context.post(
                        context.gateway() + "/api/v1/directory/import",
                        context.ingestToken(),
                        "application/x-ndjson",
                        ndjson.toString().getBytes(StandardCharsets.UTF_8),
                        Duration.ofMinutes(10)),
                "directory import");
        double importSeconds = seconds(start);
        JsonNode report = Http.JSON.createObjectNode();
        try {
            report = Http.JSON.readTree(answer.body());
        } catch (java.io.IOException e) {
            throw new IllegalStateException("import answer is not JSON: " + answer.body(), e);
        }
        if (report.path("failed").asInt() != 0) {
            throw new IllegalStateException("import reported failed lines: " + answer.body());
        }
        progress("population: imported " + report.path("members").asInt() + " members in " + Math.round(importSeconds)
                + " s; waiting until every member is scored and ranked");
        awaitRanked(context, fresh.get(fresh.size() - 1), Duration.ofMinutes(8));
        double scoredSeconds = seconds(start);
        progress("population: all scored and ranked " + Math.round(scoredSeconds) + " s after the import began");
        return new Population(members, fresh, day, importSeconds, scoredSeconds, rows);
    }

    private static void appendMember(StringBuilder ndjson, String id, String industry, Random random) {
        ndjson.append("{\"kind\":\"member\",\"memberId\":\"")
                .append(id)
                .append("\",\"login\":\"")
                .append(id)
                .append("\",\"displayName\":\"Bench ")
                .append(id)
                .append("\",\"industry\":\"")
                .append(industry)
                .append("\",\"seniority\":\"SENIOR\",\"profile\":{\"photo\":true,\"headline\":")
                .append(random.nextBoolean())
                .append(",\"experience\":true}}\n");
    }

    /**
     * 90 days of daily totals for every member, by persona (member number mod 4), written in one statement. One member
     * in three has no activity on the last day: the rollover of that day rescores the others and carries these
     * forward.
     */
    private static long seedAggregates(BenchContext context, int size, LocalDate day) {
        Instant start = Instant.now();
        String sql = "insert into activity.daily_activity (member_id, day, metric, total)"
                + " select 'bm-' || lpad(m::text, 6, '0'), ?::date - d, metrics[k], 1 + (m * 7 + d * 13 + k * 5) % 6"
                + " from generate_series(1, ?) m, generate_series(0, " + (DAYS - 1) + ") d,"
                + " generate_series(1, " + METRICS.length + ") k, (select ?::text[] as metrics) c"
                + " where case when d = 0 then m % 3 <> 0 else (m + d * 3 + k) % 6 < m % 4 + 1 end"
                + " on conflict (member_id, day, metric) do nothing";
        try (Connection connection = context.database();
                PreparedStatement insert = connection.prepareStatement(sql)) {
            insert.setObject(1, day);
            insert.setInt(2, size);
            insert.setArray(3, connection.createArrayOf("text", METRICS));
            long rows = insert.executeUpdate();
            connection.createStatement().execute("analyze activity.daily_activity");
            progress("population: " + rows + " daily aggregate rows written in " + Math.round(seconds(start))
                    + " s (SQL, not the API: the rollover reads aggregates, not events)");
            return rows;
        } catch (SQLException e) {
            throw new IllegalStateException("Seeding the aggregates failed: " + e.getMessage(), e);
        }
    }

    /** Waits until ranking-service has a rank for the member (the feeds are in order: all before it are done). */
    public static void awaitRanked(BenchContext context, String memberId, Duration limit) {
        Instant deadline = Instant.now().plus(limit);
        while (context.get(context.ranking() + "/internal/ranks/" + memberId + "/industry", context.serviceToken())
                        .statusCode()
                != 200) {
            if (Instant.now().isAfter(deadline)) {
                throw new IllegalStateException(
                        memberId + " not ranked after " + limit.toMinutes() + " min; the feeds are behind");
            }
            sleep(250);
        }
    }

    /**
     * Waits until scoring-service has read the whole activity change feed and ranking-service the whole score change
     * feed, so that a measurement does not compete with the catching up of an earlier one.
     */
    public static void awaitFeedsCaughtUp(BenchContext context, Duration limit) {
        String sql = "select (select coalesce(max(seq), 0) from activity.member_change)"
                + " - (select coalesce(max(position), 0) from scoring.feed_cursor),"
                + " (select coalesce(max(seq), 0) from scoring.score_change)"
                + " - (select coalesce(max(position), 0) from ranking.feed_cursor)";
        Instant deadline = Instant.now().plus(limit);
        try (Connection connection = context.database()) {
            while (true) {
                long activityBehind;
                long scoresBehind;
                try (var rows = connection.createStatement().executeQuery(sql)) {
                    rows.next();
                    activityBehind = rows.getLong(1);
                    scoresBehind = rows.getLong(2);
                }
                if (activityBehind <= 0 && scoresBehind <= 0) {
                    return;
                }
                if (Instant.now().isAfter(deadline)) {
                    progress("the feeds are still behind (" + activityBehind + " activity changes, " + scoresBehind
                            + " score changes); measuring anyway");
                    return;
                }
                sleep(500);
            }
        } catch (SQLException e) {
            throw new IllegalStateException("Reading the feed positions failed: " + e.getMessage(), e);
        }
    }

    public static double seconds(Instant start) {
        return Duration.between(start, Instant.now()).toNanos() / 1e9;
    }

    public static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }
}
