package org.ssi.bench.benchmark;

import static org.ssi.bench.run.BenchContext.progress;

import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import org.postgresql.PGConnection;
import org.ssi.bench.report.Figure;
import org.ssi.bench.report.Section;
import org.ssi.bench.run.BenchContext;
import org.ssi.bench.run.Population;

/**
 * Activity batches of 10,000 events posted straight to activity-service and through the gateway, against PostgreSQL
 * {@code COPY} of the same rows into a table shaped like {@code activity.event} on the same server.
 */
public final class IngestionBenchmark implements Benchmark {

    static final int BATCH = 10_000;
    static final int CLIENTS = 2;
    private static final String[] TYPES = {
        "PEOPLE_SEARCH",
        "LEAD_SEARCH",
        "PROFILE_VIEW_RECEIVED",
        "LEAD_SAVED",
        "POST_SHARED",
        "ENGAGEMENT_GIVEN",
        "ENGAGEMENT_RECEIVED",
        "MESSAGE_SENT",
        "INMAIL_SENT",
        "ACCOUNT_RESEARCHED",
        "ENDORSEMENT_RECEIVED",
        "POST_VIEW_RECEIVED",
        "FOLLOWER_GAINED"
    };

    @Override
    public String name() {
        return "ingestion";
    }

    @Override
    public Duration budget() {
        return Duration.ofMinutes(5);
    }

    /** A path's outcome: events accepted and the time they took. */
    record Outcome(long events, double seconds, double rssMaxMb) {
        double perSecond() {
            return events / seconds;
        }
    }

    /** One event, as the batch generator makes it: the same rows go to the API and to COPY. */
    record Event(String id, String member, String type, String occurredAt, int count) {}

    @Override
    public Section run(BenchContext context, Budget budget) throws Exception {
        Population population = context.population();
        int events = Integer.getInteger("ssi.bench.ingestion.events", 200_000);
        int batches = Math.max(1, events / BATCH);
        LocalDate day = LocalDate.now(ZoneOffset.UTC).minusDays(1);
        Section section = new Section(name(), "Ingestion: activity batches vs PostgreSQL COPY");
        long pid = context.process("activity-service").pid();

        Outcome[] outcomes = ingest(context, batches, day, population, pid, budget);
        Outcome direct = outcomes[0];
        Outcome gateway = outcomes[1];
        long copyRows = Math.max(direct.events(), gateway.events());
        double copySeconds = copy(context, "c", (int) (copyRows / BATCH), day, population);
        double copyRate = copyRows / copySeconds;

        section.figure(Figure.of(
                "events/s straight into activity-service",
                direct.perSecond(),
                "events/s",
                "PostgreSQL COPY of the same rows",
                copyRate));
        section.figure(Figure.of(
                "events/s through the gateway",
                gateway.perSecond(),
                "events/s",
                "PostgreSQL COPY of the same rows",
                copyRate));
        section.figure(Figure.of(
                "gateway vs straight into the service",
                gateway.perSecond(),
                "events/s",
                "straight into activity-service",
                direct.perSecond()));
        double idleRss = context.startupRss("activity-service");
        section.figure(new Figure(
                "RSS of activity-service under load (max)",
                Math.max(direct.rssMaxMb(), gateway.rssMaxMb()),
                "MB",
                "idle after start",
                idleRss));
        section.note("Batches of " + String.format("%,d", BATCH) + " events (" + TYPES.length
                + " event types, counts 1–3, one day) for "
                + population.members().size() + " members, " + CLIENTS
                + " batches in flight, alternating rounds between the two paths; "
                + String.format("%,d", direct.events()) + " events straight in ("
                + Math.round(direct.seconds()) + " s), " + String.format("%,d", gateway.events())
                + " through the gateway (" + Math.round(gateway.seconds()) + " s), "
                + String.format("%,d", copyRows) + " rows by COPY (" + String.format("%.1f", copySeconds) + " s).");
        section.note("Scaled down from the issue's 2 million events to fit the 20-minute run on 2 cores; the rates"
                + " are sustained over the whole run of each path. Each batch also updates the daily aggregates and the"
                + " change feed, and scoring-service rescores the members it touched while the next batches arrive;"
                + " COPY writes only the event rows (same columns, primary key and index as `activity.event`, no"
                + " foreign key).");
        section.note("The baseline is a single client of COPY per 10,000 rows on the same PostgreSQL server.");
        return section;
    }

    /**
     * Posts the batches in rounds of {@value #CLIENTS} concurrent batches, alternating between the two paths, so that
     * both see the same background (scoring-service rescoring what the earlier batches touched); answers the outcome
     * straight into activity-service, then through the gateway.
     */
    private Outcome[] ingest(
            BenchContext context, int batches, LocalDate day, Population population, long pid, Budget budget)
            throws Exception {
        String[] urls = {context.activity() + "/api/v1/activities", context.gateway() + "/api/v1/activities"};
        String[] prefixes = {"d", "g"};
        List<List<byte[]>> bodies = new ArrayList<>();
        for (String prefix : prefixes) {
            List<byte[]> path = new ArrayList<>();
            for (int b = 0; b < batches; b++) {
                path.add(json(batch(prefix, b, day, population)));
            }
            bodies.add(path);
        }
        Instant stopAt =
                Instant.now().plus(Duration.ofMillis((long) (budget.left().toMillis() * 0.75)));
        progress(name() + ": " + batches + " batches for each path, alternating rounds of " + CLIENTS
                + " concurrent batches");
        long[] accepted = new long[2];
        double[] seconds = new double[2];
        AtomicLong rssMaxKb = new AtomicLong();
        ExecutorService pool = Executors.newFixedThreadPool(CLIENTS + 1);
        try {
            Future<?> sampler = pool.submit(() -> {
                while (!Thread.currentThread().isInterrupted()) {
                    rssMaxKb.accumulateAndGet((long) (BenchContext.rssMb(pid) * 1024), Math::max);
                    try {
                        Thread.sleep(200);
                    } catch (InterruptedException e) {
                        return;
                    }
                }
            });
            for (int round = 0; round * CLIENTS < batches && Instant.now().isBefore(stopAt); round++) {
                for (int path = 0; path < 2; path++) {
                    // Straight in as the gateway calls activity-service for the ingest client; through the gateway
                    // with the client's own token.
                    Map<String, String> auth = path == 0
                            ? context.viaGateway("service-account-ssi-ingest", "ingest")
                            : BenchContext.bearer(context.ingestToken());
                    List<Future<Integer>> posts = new ArrayList<>();
                    Instant began = Instant.now();
                    for (int b = round * CLIENTS; b < Math.min(batches, (round + 1) * CLIENTS); b++) {
                        byte[] body = bodies.get(path).get(b);
                        String url = urls[path];
                        int number = b;
                        posts.add(pool.submit(() -> post(context, url, auth, body, number)));
                    }
                    for (Future<Integer> post : posts) {
                        accepted[path] += post.get();
                    }
                    seconds[path] += Population.seconds(began);
                }
                progress(name() + ": " + String.format("%,d", accepted[0]) + " events straight in, "
                        + String.format("%,d", accepted[1]) + " through the gateway");
            }
            sampler.cancel(true);
        } finally {
            pool.shutdownNow();
        }
        double rss = rssMaxKb.get() / 1024.0;
        return new Outcome[] {new Outcome(accepted[0], seconds[0], rss), new Outcome(accepted[1], seconds[1], rss)};
    }

    private static int post(BenchContext context, String url, Map<String, String> auth, byte[] body, int number)
            throws Exception {
        var answer = BenchContext.expectOk(
                context.post(url, auth, "application/json", body, Duration.ofMinutes(3)), "batch " + number);
        int accepted = org.ssi.devstack.Http.JSON
                .readTree(answer.body())
                .path("accepted")
                .asInt();
        if (accepted != BATCH) {
            throw new IllegalStateException("batch " + number + " not accepted whole: " + answer.body());
        }
        return accepted;
    }

    static List<Event> batch(String prefix, int b, LocalDate day, Population population) {
        List<String> members = population.members();
        List<Event> events = new ArrayList<>(BATCH);
        String date = day.toString();
        for (int i = 0; i < BATCH; i++) {
            long n = (long) b * BATCH + i;
            int second = (int) (n * 7 % 86_400);
            String time = "%sT%02d:%02d:%02dZ".formatted(date, second / 3600, second / 60 % 60, second % 60);
            events.add(new Event(
                    "bench-" + prefix + "-" + b + "-" + i,
                    members.get((int) ((n * 7919) % members.size())),
                    TYPES[(int) (n % TYPES.length)],
                    time,
                    1 + (int) (n % 3)));
        }
        return events;
    }

    private static byte[] json(List<Event> events) {
        StringBuilder out = new StringBuilder(events.size() * 140).append("{\"events\":[");
        for (int i = 0; i < events.size(); i++) {
            Event e = events.get(i);
            if (i > 0) {
                out.append(',');
            }
            out.append("{\"eventId\":\"")
                    .append(e.id())
                    .append("\",\"memberId\":\"")
                    .append(e.member())
                    .append("\",\"type\":\"")
                    .append(e.type())
                    .append("\",\"occurredAt\":\"")
                    .append(e.occurredAt())
                    .append("\",\"count\":")
                    .append(e.count())
                    .append(",\"attributes\":{}}");
        }
        return out.append("]}").toString().getBytes(StandardCharsets.UTF_8);
    }

    /** COPY of the same rows, one COPY (and commit) per batch; answers the seconds taken. */
    private double copy(BenchContext context, String prefix, int batches, LocalDate day, Population population)
            throws Exception {
        List<String> csv = new ArrayList<>();
        for (int b = 0; b < batches; b++) {
            StringBuilder out = new StringBuilder(BATCH * 80);
            for (Event e : batch(prefix, b, day, population)) {
                out.append(e.id())
                        .append(',')
                        .append(e.member())
                        .append(',')
                        .append(e.type())
                        .append(',')
                        .append(e.occurredAt())
                        .append(',')
                        .append(e.count())
                        .append(",{}\n");
            }
            csv.add(out.toString());
        }
        try (Connection connection = context.database()) {
            connection.createStatement().execute("create schema if not exists bench");
            connection.createStatement().execute("drop table if exists bench.event_copy");
            connection.createStatement().execute("create table bench.event_copy (like activity.event including all)");
            var copy = connection.unwrap(PGConnection.class).getCopyAPI();
            progress(name() + ": COPY of " + batches + " batches of the same rows");
            Instant start = Instant.now();
            for (String rows : csv) {
                copy.copyIn(
                        "copy bench.event_copy (event_id, member_id, type, occurred_at, count, attributes)"
                                + " from stdin with (format csv)",
                        new StringReader(rows));
            }
            double seconds = Population.seconds(start);
            connection.createStatement().execute("drop table bench.event_copy");
            return seconds;
        }
    }
}
