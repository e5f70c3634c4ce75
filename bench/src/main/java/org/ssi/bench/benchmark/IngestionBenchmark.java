package org.ssi.bench.benchmark;

import static org.ssi.bench.run.BenchContext.progress;

import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
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
import org.ssi.bench.report.Goal;
import org.ssi.bench.report.Section;
import org.ssi.bench.run.BenchContext;
import org.ssi.bench.run.Population;

/**
 * Activity batches of 10,000 events posted straight to activity-service and through the gateway, against the same
 * writes in SQL on the same server (per batch, in one transaction: COPY of the events, their daily totals and change
 * feed entries, on as many connections as the services have batches in flight) and against a bare COPY of the
 * events.
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

    private static final double GATEWAY_VS_COPY_GOAL = 0.5;
    private static final double GATEWAY_VS_SAME_WORK_GOAL = 0.8;

    private static final String COPY_EVENTS =
            "(event_id, member_id, type, occurred_at, count, attributes) from stdin with (format csv)";

    /**
     * A batch's daily totals, as activity-service adds them (EventRepository.addToDailyTotals): per member, UTC day
     * and metric (the event type: the batches' events have no attributes), in key order. The batch is the range of
     * its event ids (zero-padded, so that a batch's ids are contiguous in any collation).
     */
    private static final String DAILY_TOTALS = """
            insert into bench.daily_work as d (member_id, day, metric, total)
            select member_id, (occurred_at at time zone 'UTC')::date, type, sum(count) from bench.event_work
            where event_id between ? and ?
            group by 1, 2, 3 order by 1, 2, 3
            on conflict (member_id, day, metric) do update set total = d.total + excluded.total""";

    /** The members of the batch appended to the change feed, in order, as ChangeFeedRepository.append does. */
    private static final String CHANGE_FEED = """
            insert into bench.change_work (member_id, reason)
            select distinct member_id, 'activity' from bench.event_work where event_id between ? and ?
            order by member_id""";

    /** The feed's transaction-scoped advisory lock, as activity-service takes it, on a key of the bench's own. */
    private static final long FEED_LOCK = 0xBE_7C_F3_3DL;

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
        Section section = new Section(name(), "Ingestion: activity batches vs the same writes in SQL and a bare COPY");
        long pid = context.process("activity-service").pid();

        Outcome[] outcomes = ingest(context, batches, day, population, pid, budget);
        Outcome direct = outcomes[0];
        Outcome gateway = outcomes[1];
        long copyRows = Math.max(direct.events(), gateway.events());
        // The baselines run on a quiet server: scoring-service done with the rescoring the batches caused.
        Population.awaitFeedsCaughtUp(context, Duration.ofMinutes(2));
        double copySeconds = copy(context, "c", (int) (copyRows / BATCH), day, population);
        double copyRate = copyRows / copySeconds;
        double sameWorkSeconds = sameWork(context, "s", (int) (copyRows / BATCH), day, population);
        double sameWorkRate = copyRows / sameWorkSeconds;
        String sameWorkWhat = "the same writes in SQL, " + CLIENTS + " connections";

        section.figure(Figure.of(
                "events/s straight into activity-service",
                direct.perSecond(),
                "events/s",
                "PostgreSQL COPY of the same rows",
                copyRate));
        section.figure(Figure.of(
                "events/s straight into activity-service", direct.perSecond(), "events/s", sameWorkWhat, sameWorkRate));
        section.figure(
                Figure.of("events/s through the gateway", gateway.perSecond(), "events/s", sameWorkWhat, sameWorkRate));
        section.goal(Goal.atLeast(
                "events/s through the gateway ÷ the same writes in SQL",
                gateway.perSecond() / sameWorkRate,
                "",
                GATEWAY_VS_SAME_WORK_GOAL));
        section.figure(Figure.of(
                "events/s through the gateway",
                gateway.perSecond(),
                "events/s",
                "PostgreSQL COPY of the same rows",
                copyRate));
        section.goal(Goal.atLeast(
                "events/s through the gateway ÷ COPY", gateway.perSecond() / copyRate, "", GATEWAY_VS_COPY_GOAL));
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
                + String.format("%,d", copyRows) + " rows by COPY (" + String.format("%.1f", copySeconds) + " s), as"
                + " many by the same writes in SQL (" + String.format("%.1f", sameWorkSeconds) + " s); the baselines"
                + " ran after scoring-service had caught up with the batches.");
        section.note("Scaled down from the issue's 2 million events to fit the 20-minute run on 2 cores; the rates"
                + " are sustained over the whole run of each path. Each batch also updates the daily aggregates and the"
                + " change feed, and scoring-service rescores the members it touched while the next batches arrive;"
                + " COPY writes only the event rows (same columns, primary key and index as `activity.event`, no"
                + " foreign key).");
        section.note("The same writes in SQL: on the same server, per batch of " + String.format("%,d", BATCH)
                + " events, one transaction that COPYs the events into a table shaped like `activity.event`, adds"
                + " their daily totals to one shaped like `activity.daily_activity` (`insert … select … on conflict"
                + " do update set total = total + excluded.total`, holding the day's aggregates to begin with) and"
                + " appends the batch's members to one shaped like `activity.member_change` under a transaction-scoped"
                + " advisory lock, as activity-service does; " + CLIENTS + " connections at once, each committing its"
                + " batches in turn (the services had " + CLIENTS + " batches in flight). Checked: the daily totals"
                + " grew by exactly the events' counts. Not done by it: the JSON, the token, the check that the"
                + " members exist, the look-up of archived event ids.");
        section.note("The bare COPY is a single client of COPY per 10,000 rows on the same PostgreSQL server.");
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
                    "bench-%s-%06d-%05d".formatted(prefix, b, i),
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

    /** The batch's rows for COPY (CSV). */
    private static String csv(List<Event> events) {
        StringBuilder out = new StringBuilder(events.size() * 80);
        for (Event e : events) {
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
        return out.toString();
    }

    /** COPY of the same rows, one COPY (and commit) per batch; answers the seconds taken. */
    private double copy(BenchContext context, String prefix, int batches, LocalDate day, Population population)
            throws Exception {
        List<String> csv = new ArrayList<>();
        for (int b = 0; b < batches; b++) {
            csv.add(csv(batch(prefix, b, day, population)));
        }
        try (Connection connection = context.database()) {
            connection.createStatement().execute("create schema if not exists bench");
            connection.createStatement().execute("drop table if exists bench.event_copy");
            connection.createStatement().execute("create table bench.event_copy (like activity.event including all)");
            var copy = connection.unwrap(PGConnection.class).getCopyAPI();
            progress(name() + ": COPY of " + batches + " batches of the same rows");
            Instant start = Instant.now();
            for (String rows : csv) {
                copy.copyIn("copy bench.event_copy " + COPY_EVENTS, new StringReader(rows));
            }
            double seconds = Population.seconds(start);
            connection.createStatement().execute("drop table bench.event_copy");
            return seconds;
        }
    }

    /**
     * The same writes as activity-service's, in SQL: each batch in one transaction (see {@link #DAILY_TOTALS},
     * {@link #CHANGE_FEED}), on {@value #CLIENTS} connections at once; answers the seconds until all were committed.
     */
    private double sameWork(BenchContext context, String prefix, int batches, LocalDate day, Population population)
            throws Exception {
        List<List<Event>> events = new ArrayList<>();
        long counts = 0;
        for (int b = 0; b < batches; b++) {
            events.add(batch(prefix, b, day, population));
            counts += events.get(b).stream().mapToLong(Event::count).sum();
        }
        try (Connection connection = context.database();
                Statement statement = connection.createStatement()) {
            statement.execute("create schema if not exists bench");
            statement.execute("drop table if exists bench.event_work, bench.daily_work, bench.change_work");
            statement.execute("create table bench.event_work (like activity.event including all)");
            statement.execute("create table bench.daily_work (like activity.daily_activity including all)");
            statement.execute(
                    "insert into bench.daily_work select * from activity.daily_activity where day = '" + day + "'");
            // As activity.member_change, with a sequence of its own (like … including defaults would share it).
            statement.execute("create table bench.change_work (seq bigserial primary key, member_id varchar(64) not"
                    + " null, reason varchar(16) not null, changed_at timestamptz not null default now(),"
                    + " traceparent text)");
            long before = totals(statement);
            progress(name() + ": the same writes in SQL, " + batches + " batches on " + CLIENTS + " connections");
            ExecutorService pool = Executors.newFixedThreadPool(CLIENTS);
            Instant start = Instant.now();
            try {
                List<Future<?>> clients = new ArrayList<>();
                for (int c = 0; c < CLIENTS; c++) {
                    int first = c;
                    clients.add(pool.submit(() -> writeBatches(context, events, first)));
                }
                for (Future<?> client : clients) {
                    client.get();
                }
            } finally {
                pool.shutdownNow();
            }
            double seconds = Population.seconds(start);
            if (totals(statement) - before != counts) {
                throw new IllegalStateException("the same writes in SQL added " + (totals(statement) - before)
                        + " to the daily totals instead of " + counts);
            }
            statement.execute("drop table bench.event_work, bench.daily_work, bench.change_work");
            return seconds;
        }
    }

    /** Writes every {@value #CLIENTS}th batch from {@code first} on, each in its own transaction. */
    private static Void writeBatches(BenchContext context, List<List<Event>> events, int first) throws SQLException {
        try (Connection connection = context.database();
                PreparedStatement lock = connection.prepareStatement("select pg_advisory_xact_lock(?)");
                PreparedStatement daily = connection.prepareStatement(DAILY_TOTALS);
                PreparedStatement feed = connection.prepareStatement(CHANGE_FEED)) {
            connection.setAutoCommit(false);
            var copy = connection.unwrap(PGConnection.class).getCopyAPI();
            for (int b = first; b < events.size(); b += CLIENTS) {
                List<Event> batch = events.get(b);
                String firstId = batch.get(0).id();
                String lastId = batch.get(batch.size() - 1).id();
                copy.copyIn("copy bench.event_work " + COPY_EVENTS, new StringReader(csv(batch)));
                daily.setString(1, firstId);
                daily.setString(2, lastId);
                daily.executeUpdate();
                lock.setLong(1, FEED_LOCK);
                lock.execute();
                feed.setString(1, firstId);
                feed.setString(2, lastId);
                feed.executeUpdate();
                connection.commit();
            }
        } catch (IOException e) {
            throw new SQLException("COPY failed: " + e.getMessage(), e);
        }
        return null;
    }

    private static long totals(Statement statement) throws SQLException {
        try (var rows = statement.executeQuery("select coalesce(sum(total), 0) from bench.daily_work")) {
            rows.next();
            return rows.getLong(1);
        }
    }
}
