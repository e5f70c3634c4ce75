package org.ssi.bench.benchmark;

import static org.ssi.bench.run.BenchContext.deleteTree;
import static org.ssi.bench.run.BenchContext.progress;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import org.ssi.bench.report.Figure;
import org.ssi.bench.report.Samples;
import org.ssi.bench.report.Section;
import org.ssi.bench.run.BenchContext;
import org.ssi.devstack.Http;
import org.ssi.devstack.IndustryCatalogue;
import org.ssi.devstack.Stack;
import org.ssi.devstack.StackConfig;

/**
 * The change feeds over HTTP against Kafka (issue #14), in the same run: for each transport (HTTP with one
 * scoring-service; Kafka with one and with two scoring replicas in one consumer group) a stack of its own with fresh
 * data, sharing the run's Keycloak: end-to-end events/s (events posted at the gateway until every one is in a stored
 * score and every score change in ranking's store) and event-to-rank freshness at the gateway.
 */
public final class FeedTransportBenchmark implements Benchmark {

    private static final int MEMBERS = Integer.getInteger("ssi.bench.kafka.members", 200);
    private static final int EVENTS = Integer.getInteger("ssi.bench.kafka.events", 20_000);
    private static final int BATCH = 1_000;
    private static final int FRESH = 40;
    private static final int SAMPLES = Integer.getInteger("ssi.bench.kafka.samples", 25);
    private static final Duration CATCH_UP_LIMIT = Duration.ofMinutes(4);
    private static final Duration SAMPLE_LIMIT = Duration.ofSeconds(30);

    /** One way to run the feeds. */
    private record Variant(String name, String transport, int scoringReplicas) {}

    private record Measured(Variant variant, double eventsPerSecond, double postedPerSecond, Samples toRank) {}

    @Override
    public String name() {
        return "kafka";
    }

    @Override
    public Duration budget() {
        return Duration.ofMinutes(20);
    }

    @Override
    public Section run(BenchContext context, Budget budget) throws Exception {
        List<Variant> variants = List.of(
                new Variant("HTTP, 1 scoring replica", StackConfig.HTTP, 1),
                new Variant("Kafka, 1 scoring replica", StackConfig.KAFKA, 1),
                new Variant("Kafka, 2 scoring replicas", StackConfig.KAFKA, 2));
        List<Measured> results = new ArrayList<>();
        for (Variant variant : variants) {
            if (budget.spent()) {
                break;
            }
            results.add(measure(context, variant));
        }
        Section section = new Section(name(), "Change feeds over HTTP and over Kafka");
        Measured http = results.get(0);
        for (Measured result : results) {
            section.figure(Figure.of(
                    "end-to-end events/s, " + result.variant().name(),
                    result.eventsPerSecond(),
                    "events/s",
                    "HTTP feeds, 1 scoring replica",
                    http.eventsPerSecond()));
        }
        for (Measured result : results) {
            section.figure(Figure.of(
                    "event → new rank at the gateway, p95, " + result.variant().name(),
                    result.toRank().percentile(95),
                    "ms",
                    "HTTP feeds, 1 scoring replica",
                    http.toRank().percentile(95)));
        }
        for (Measured result : results) {
            section.figure(Figure.of(
                    "event → new rank at the gateway, p50, " + result.variant().name(),
                    result.toRank().percentile(50),
                    "ms",
                    "HTTP feeds, 1 scoring replica",
                    http.toRank().percentile(50)));
        }
        section.note("Each transport on a stack of its own (fresh PostgreSQL, the four services, with Kafka a local"
                + " broker: one KRaft node, 6 partitions), one after the other, sharing this run's Keycloak. "
                + MEMBERS + " members, then " + EVENTS + " events (POST_SHARED, " + BATCH + " per batch, one"
                + " batch at a time) through the gateway; end-to-end events/s is the events over the time from the"
                + " first post until every event is in a member's stored inputs (scoring-service) and every score"
                + " change is in ranking-service's store. The posting alone ran at "
                + String.join(
                        ", ",
                        results.stream().map(FeedTransportBenchmark::posting).toList())
                + ".");
        section.note("Freshness: " + SAMPLES + " samples per transport, one at a time, each an event for a member"
                + " without activity among " + FRESH + " such members, timed until the member's industry percentile"
                + " rank changes at the gateway (polled every 5 ms). Over HTTP the feeds are polled (scoring every"
                + " 1 s, ranking every 500 ms when idle); over Kafka the relays poll their tables every 200 ms when"
                + " idle, and the consumers long-poll the broker (records arrive as they are written).");
        return section;
    }

    private static String posting(Measured result) {
        return Math.round(result.postedPerSecond()) + " events/s ("
                + result.variant().name() + ")";
    }

    private Measured measure(BenchContext main, Variant variant) throws Exception {
        Path home = main.config().home().resolve("feeds-" + variant.transport() + "-" + variant.scoringReplicas());
        deleteTree(home);
        Files.createDirectories(home);
        Files.copy(
                main.config().home().resolve("secrets.properties"),
                home.resolve("secrets.properties"),
                StandardCopyOption.REPLACE_EXISTING);
        StackConfig config = new StackConfig(
                main.config().repository(),
                home,
                Stack.freePort(),
                Stack.freePort(),
                Stack.freePort(),
                Stack.freePort(),
                main.config().keycloakPort(),
                Stack.freePort(),
                null,
                "postgres",
                "",
                main.config().realmUrl(),
                null,
                variant.transport(),
                Stack.freePortPair(),
                variant.scoringReplicas());
        progress(name() + ": starting a stack for " + variant.name());
        try (Stack stack = Stack.start(config)) {
            BenchContext context = new BenchContext(stack);
            List<String> members = createMembers(context, "kb", MEMBERS);
            List<String> fresh = createMembers(context, "kf", FRESH);
            awaitCaughtUp(context, 0);
            Instant began = Instant.now();
            postEvents(context, members);
            double postedSeconds = Duration.between(began, Instant.now()).toMillis() / 1000.0;
            awaitCaughtUp(context, EVENTS);
            double seconds = Duration.between(began, Instant.now()).toMillis() / 1000.0;
            progress(name() + ": " + variant.name() + ": " + EVENTS + " events scored and ranked in " + seconds
                    + " s (posted in " + postedSeconds + " s)");
            Samples toRank = freshness(context, fresh);
            return new Measured(variant, EVENTS / seconds, EVENTS / postedSeconds, toRank);
        } finally {
            deleteTree(home.resolve("postgres"));
            deleteTree(home.resolve("kafka"));
        }
    }

    private static List<String> createMembers(BenchContext context, String prefix, int count) {
        List<String> members = new ArrayList<>();
        // The ingest client names only catalogued industries: the admin registers this one first.
        IndustryCatalogue.register(
                context.gateway(), context.personToken(IndustryCatalogue.ADMIN_LOGIN), List.of(prefix + "-industry"));
        for (int i = 0; i < count; i++) {
            String id = prefix + "-" + i;
            members.add(id);
            String body = "{\"login\":\"" + id + "\",\"displayName\":\"" + id + "\",\"industry\":\"" + prefix
                    + "-industry\",\"seniority\":\"SENIOR\",\"profile\":{\"photo\":true,\"headline\":true}}";
            Http.Answer answer =
                    Http.send("PUT", context.gateway() + "/api/v1/members/" + id, context.ingestToken(), body);
            if (answer.status() / 100 != 2) {
                throw new IllegalStateException(
                        "PUT member " + id + " failed (" + answer.status() + "): " + answer.body());
            }
        }
        return members;
    }

    private static void postEvents(BenchContext context, List<String> members) {
        String at = Instant.now()
                .truncatedTo(ChronoUnit.SECONDS)
                .atOffset(ZoneOffset.UTC)
                .toString();
        for (int first = 0; first < EVENTS; first += BATCH) {
            List<String> events = new ArrayList<>(BATCH);
            for (int i = first; i < Math.min(EVENTS, first + BATCH); i++) {
                events.add("{\"eventId\":\"kb-" + i + "\",\"memberId\":\"" + members.get(i % members.size())
                        + "\",\"type\":\"POST_SHARED\",\"occurredAt\":\"" + at + "\",\"count\":1,\"attributes\":{}}");
            }
            context.postActivities("{\"events\":[" + String.join(",", events) + "]}", Duration.ofMinutes(2));
        }
    }

    /**
     * Until every member has stored inputs, those inputs hold the events posted, and ranking-service has stored every
     * score change of the members.
     */
    private static void awaitCaughtUp(BenchContext context, long events) throws SQLException {
        String sql = "select (select count(*) from scoring.member_inputs where member_id like 'k_-%'),"
                + " (select coalesce(sum((inputs -> 'inWindow' ->> 'POST_SHARED')::bigint), 0)"
                + "    from scoring.member_inputs where member_id like 'kb-%'),"
                + " (select count(*) from scoring.score_change c where c.member_id like 'k_-%' and c.seq >"
                + "    coalesce((select r.seq from ranking.member_score r where r.member_id = c.member_id), 0))";
        Instant deadline = Instant.now().plus(CATCH_UP_LIMIT);
        try (Connection db = context.database();
                Statement statement = db.createStatement()) {
            while (true) {
                try (ResultSet row = statement.executeQuery(sql)) {
                    row.next();
                    if (row.getLong(1) == MEMBERS + FRESH && row.getLong(2) == events && row.getLong(3) == 0) {
                        return;
                    }
                    if (Instant.now().isAfter(deadline)) {
                        throw new IllegalStateException("not caught up after " + CATCH_UP_LIMIT.toMinutes()
                                + " min: " + row.getLong(1) + " members with inputs, " + row.getLong(2)
                                + " events in them, " + row.getLong(3) + " score changes not in ranking");
                    }
                }
                sleep(20);
            }
        }
    }

    private static Samples freshness(BenchContext context, List<String> fresh) throws Exception {
        Samples toRank = new Samples();
        String admin = context.personToken("root");
        for (int i = 0; i < Math.min(SAMPLES, fresh.size()); i++) {
            String member = fresh.get(i);
            String url = context.gateway() + "/api/v1/members/" + member + "/ssi";
            double before = rank(context, url, admin);
            String event = "{\"events\":[{\"eventId\":\"kf-" + member + "\",\"memberId\":\"" + member
                    + "\",\"type\":\"POST_SHARED\",\"occurredAt\":\""
                    + Instant.now().truncatedTo(ChronoUnit.SECONDS).atOffset(ZoneOffset.UTC)
                    + "\",\"count\":5,\"attributes\":{}}]}";
            long posted = System.nanoTime();
            context.postActivities(event, Duration.ofSeconds(30));
            Instant deadline = Instant.now().plus(SAMPLE_LIMIT);
            while (Instant.now().isBefore(deadline)) {
                if (rank(context, url, admin) != before) {
                    toRank.add((System.nanoTime() - posted) / 1e6);
                    break;
                }
                sleep(5);
            }
        }
        return toRank;
    }

    private static double rank(BenchContext context, String url, String token) throws Exception {
        var answer = BenchContext.expectOk(context.get(url, token), "GET " + url);
        JsonNode ssi = Http.JSON.readTree(answer.body());
        return ssi.path("industry").path("percentileRank").asDouble();
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }
}
