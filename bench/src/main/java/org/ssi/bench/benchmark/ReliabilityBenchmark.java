package org.ssi.bench.benchmark;

import static org.ssi.bench.run.BenchContext.progress;

import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.ssi.bench.report.Figure;
import org.ssi.bench.report.Samples;
import org.ssi.bench.report.Section;
import org.ssi.bench.run.BenchContext;
import org.ssi.bench.run.Population;
import org.ssi.devstack.DemoData;
import org.ssi.devstack.IndustryCatalogue;
import org.ssi.devstack.ManagedProcess;

/**
 * Issue #13, soak: mixed reads through the gateway and a steady ingestion, for ten minutes by default
 * ({@code -Dssi.bench.soak-seconds}), recording each kind's latencies, every answer's status, and each service's
 * resident memory at the start, the middle and the end, which should stay flat.
 */
public final class ReliabilityBenchmark implements Benchmark {

    static final int DEFAULT_SECONDS = 600;
    /** Readers in closed loop, each pausing between requests: a steady load, not a saturation test. */
    static final int READERS = 4;

    static final Duration READER_PAUSE = Duration.ofMillis(20);
    /**
     * 100 events/s in batches of 200: each batch makes scoring-service rescore up to 200 members, which keeps it busy
     * about a third of the time on the 2-core reference machine.
     */
    static final int EVENTS_PER_BATCH = 200;

    static final Duration BATCH_EVERY = Duration.ofSeconds(2);

    private static final String[] TYPES = {
        "PEOPLE_SEARCH", "PROFILE_VIEW_RECEIVED", "POST_SHARED", "ENGAGEMENT_GIVEN", "MESSAGE_SENT", "FOLLOWER_GAINED"
    };

    /** A kind of request of the soak, read by a person of the demo organisation. */
    record Kind(String name, String path, String login) {}

    static final List<Kind> READS = List.of(
            new Kind("GET /me/ssi", "/api/v1/me/ssi", "alice"),
            new Kind("GET /me/ssi/history", "/api/v1/me/ssi/history", "alice"),
            new Kind("GET /teams", "/api/v1/teams", "maria"),
            new Kind("GET /teams/{id}/ssi", "/api/v1/teams/emea-enterprise/ssi", "maria"),
            new Kind("GET /industries/{code}/ssi", "/api/v1/industries/software/ssi", "alice"));

    static final String INGEST = "POST /activities";

    /**
     * What one kind saw: latencies of its 2xx answers after the first minute (which warms the JIT up) and in the
     * second minute, every status, and failed connections (status 0).
     */
    static final class Tally {
        private final Samples warm = new Samples();
        private final Samples secondMinute = new Samples();
        private final Map<Integer, AtomicLong> statuses = new ConcurrentHashMap<>();

        synchronized void record(int status, double millis, Instant began, SecondMinute window) {
            statuses.computeIfAbsent(status, s -> new AtomicLong()).incrementAndGet();
            if (status / 100 == 2 && !began.isBefore(window.from())) {
                warm.add(millis);
                if (window.contains(began)) {
                    secondMinute.add(millis);
                }
            }
        }

        Map<Integer, Long> statuses() {
            Map<Integer, Long> sorted = new TreeMap<>();
            statuses.forEach((status, count) -> sorted.put(status, count.get()));
            return sorted;
        }

        long errors() {
            return statuses().entrySet().stream()
                    .filter(e -> e.getKey() / 100 != 2)
                    .mapToLong(Map.Entry::getValue)
                    .sum();
        }
    }

    @Override
    public String name() {
        return "reliability";
    }

    @Override
    public Duration budget() {
        return Duration.ofSeconds(seconds()).plusMinutes(4);
    }

    private static int seconds() {
        return Integer.getInteger("ssi.bench.soak-seconds", DEFAULT_SECONDS);
    }

    @Override
    public Section run(BenchContext context, Budget budget) throws Exception {
        Population population = context.population();
        progress(name() + ": loading the demo organisation (alice, maria's teams)");
        new DemoData(context.gateway(), context.ingestToken(), context.personToken(IndustryCatalogue.ADMIN_LOGIN))
                .load(LocalDate.now(ZoneOffset.UTC));
        Population.awaitRanked(context, "alice", Duration.ofMinutes(3));
        Population.awaitFeedsCaughtUp(context, Duration.ofMinutes(2));
        // team figures are read from the latest release (docs/privacy.md): one that holds maria's teams
        BenchContext.expectOk(
                context.post(
                        context.gateway() + "/api/v1/admin/releases",
                        context.personToken(IndustryCatalogue.ADMIN_LOGIN),
                        "application/json",
                        new byte[0],
                        Duration.ofMinutes(2)),
                "POST /admin/releases");
        for (Kind kind : READS) {
            BenchContext.expectOk(
                    context.get(context.gateway() + kind.path(), context.personToken(kind.login())), kind.name());
        }

        Duration soak = Duration.ofSeconds(seconds());
        Map<String, Tally> tallies = new LinkedHashMap<>();
        READS.forEach(kind -> tallies.put(kind.name(), new Tally()));
        tallies.put(INGEST, new Tally());
        Map<String, double[]> rss = new LinkedHashMap<>();
        List<ManagedProcess> services = context.services();
        services.forEach(service -> rss.put(service.name(), new double[3]));
        AtomicBoolean running = new AtomicBoolean(true);
        AtomicLong events = new AtomicLong();
        Instant start = Instant.now();
        SecondMinute secondMinute =
                new SecondMinute(start.plus(Duration.ofMinutes(1)), start.plus(Duration.ofMinutes(2)));
        sampleRss(services, rss, 0);
        progress(name() + ": soak of " + soak.toSeconds() + " s: " + READERS + " readers, " + EVENTS_PER_BATCH
                + " events every " + BATCH_EVERY.toSeconds() + " s");

        List<Thread> threads = new ArrayList<>();
        for (int r = 0; r < READERS; r++) {
            int offset = r;
            threads.add(new Thread(() -> read(context, tallies, running, offset, secondMinute), "soak-reader-" + r));
        }
        threads.add(new Thread(
                () -> ingest(context, population, tallies.get(INGEST), running, events, secondMinute),
                "soak-ingestion"));
        threads.forEach(Thread::start);
        try {
            Instant middle = start.plus(soak.dividedBy(2));
            Instant end = start.plus(soak);
            sleepUntil(middle, tallies);
            sampleRss(services, rss, 1);
            sleepUntil(end, tallies);
            sampleRss(services, rss, 2);
        } finally {
            running.set(false);
            for (Thread thread : threads) {
                thread.join(Duration.ofMinutes(2).toMillis());
            }
        }
        double took = Population.seconds(start);
        Instant drained = Instant.now();
        Population.awaitFeedsCaughtUp(context, Duration.ofMinutes(3));
        double catchUp = Population.seconds(drained);
        Section section =
                section(tallies, rss, events.get(), took, population.members().size());
        section.figure(
                new Figure("time for the score and rank feeds to catch up after the soak", catchUp, "s", null, null));
        return section;
    }

    private Section section(
            Map<String, Tally> tallies, Map<String, double[]> rss, long events, double seconds, int members) {
        Section section = new Section(name(), "Soak: mixed reads and ingestion through the gateway");
        tallies.forEach((kind, tally) -> {
            if (tally.warm.size() == 0 || tally.secondMinute.size() == 0) {
                section.note(kind + ": no successful answer after the first minute (a soak needs more than two).");
                return;
            }
            section.figure(Figure.of(
                    kind + ", p50 after the first minute",
                    tally.warm.percentile(50),
                    "ms",
                    "the same in the second minute",
                    tally.secondMinute.percentile(50)));
            section.figure(Figure.of(
                    kind + ", p99 after the first minute",
                    tally.warm.percentile(99),
                    "ms",
                    "the same in the second minute",
                    tally.secondMinute.percentile(99)));
        });
        rss.forEach((service, mb) -> {
            section.figure(Figure.of("RSS of " + service + ", middle", mb[1], "MB", "at the start of the soak", mb[0]));
            section.figure(Figure.of("RSS of " + service + ", end", mb[2], "MB", "half-way", mb[1]));
        });
        section.figure(new Figure("events ingested per second", events / seconds, "events/s", null, null));
        section.note(String.format(
                "%d s of soak: %d readers in closed loop (%d ms pause between requests), each going round %s;"
                        + " one ingestion client posting %d events every %d s for the %d members of the population;"
                        + " %,d events accepted.",
                Math.round(seconds),
                READERS,
                READER_PAUSE.toMillis(),
                READS.stream().map(Kind::name).toList(),
                EVENTS_PER_BATCH,
                BATCH_EVERY.toSeconds(),
                members,
                events));
        StringBuilder statuses =
                new StringBuilder("Answers by status (0 = no answer: connection failed or timed out): ");
        List<String> parts = new ArrayList<>();
        tallies.forEach((kind, tally) -> parts.add(kind + " " + tally.statuses()));
        statuses.append(String.join("; ", parts)).append('.');
        section.note(statuses.toString());
        long errors = tallies.values().stream().mapToLong(Tally::errors).sum();
        section.note(errors == 0 ? "No answer other than 2xx." : errors + " answers other than 2xx (above).");
        section.note("Latencies are of the 2xx answers, as the client saw them (java.net.http, HTTP/1.1, one"
                + " connection pool), from the second minute on (the first warms the JIT up); the baseline of each is"
                + " the same kind in the second minute, so a ratio well above 1 is drift. RSS is VmRSS of each service's process"
                + " (`-Xmx256m -XX:+UseSerialGC`), read at the start, half-way and at the end: the heaps grow to their"
                + " working size in the first half, and the end against half-way (a ratio near 1) says flat.");
        return section;
    }

    private static void read(
            BenchContext context,
            Map<String, Tally> tallies,
            AtomicBoolean running,
            int offset,
            SecondMinute secondMinute) {
        long n = offset;
        while (running.get()) {
            Kind kind = READS.get((int) (n++ % READS.size()));
            Instant began = Instant.now();
            int status;
            try {
                HttpResponse<String> answer =
                        context.get(context.gateway() + kind.path(), context.personToken(kind.login()));
                status = answer.statusCode();
            } catch (IllegalStateException e) {
                status = 0;
            }
            tallies.get(kind.name()).record(status, Population.seconds(began) * 1000, began, secondMinute);
            Population.sleep(READER_PAUSE.toMillis());
        }
    }

    private static void ingest(
            BenchContext context,
            Population population,
            Tally tally,
            AtomicBoolean running,
            AtomicLong events,
            SecondMinute secondMinute) {
        List<String> members = population.members();
        String day = LocalDate.now(ZoneOffset.UTC).toString();
        Instant next = Instant.now();
        for (long batch = 0; running.get(); batch++) {
            StringBuilder body = new StringBuilder("{\"events\":[");
            for (int i = 0; i < EVENTS_PER_BATCH; i++) {
                long n = batch * EVENTS_PER_BATCH + i;
                if (i > 0) {
                    body.append(',');
                }
                body.append("{\"eventId\":\"soak-")
                        .append(batch)
                        .append('-')
                        .append(i)
                        .append("\",\"memberId\":\"")
                        .append(members.get((int) (n * 7919 % members.size())))
                        .append("\",\"type\":\"")
                        .append(TYPES[(int) (n % TYPES.length)])
                        .append("\",\"occurredAt\":\"")
                        .append(day)
                        .append("T00:00:01Z\",\"count\":1,\"attributes\":{}}");
            }
            body.append("]}");
            Instant began = Instant.now();
            int status;
            try {
                HttpResponse<String> answer = context.post(
                        context.gateway() + "/api/v1/activities",
                        context.ingestToken(),
                        "application/json",
                        body.toString().getBytes(StandardCharsets.UTF_8),
                        Duration.ofSeconds(60));
                status = answer.statusCode();
                if (status / 100 == 2) {
                    events.addAndGet(EVENTS_PER_BATCH);
                }
            } catch (IllegalStateException e) {
                status = 0;
            }
            tally.record(status, Population.seconds(began) * 1000, began, secondMinute);
            next = next.plus(BATCH_EVERY);
            long wait = Duration.between(Instant.now(), next).toMillis();
            if (wait > 0) {
                Population.sleep(wait);
            } else {
                next = Instant.now();
            }
        }
    }

    private static void sampleRss(List<ManagedProcess> services, Map<String, double[]> rss, int at) {
        List<String> line = new ArrayList<>();
        for (ManagedProcess service : services) {
            double mb = BenchContext.rssMb(service.pid());
            rss.get(service.name())[at] = mb;
            line.add(service.name() + " " + Math.round(mb) + " MB");
        }
        progress("reliability: RSS "
                + List.of("at the start", "half-way", "at the end").get(at) + ": " + line);
    }

    /** Sleeps until the instant, saying every minute how the soak goes. */
    private static void sleepUntil(Instant until, Map<String, Tally> tallies) {
        long left = Duration.between(Instant.now(), until).toMillis();
        while (left > 60_000) {
            Population.sleep(60_000);
            List<String> counts = new ArrayList<>();
            tallies.forEach((kind, tally) -> counts.add(kind + " " + tally.statuses()));
            progress("reliability: " + String.join("; ", counts));
            left = Duration.between(Instant.now(), until).toMillis();
        }
        if (left > 0) {
            Population.sleep(left);
        }
    }

    /** The soak's second minute, whose latencies are the baseline. */
    record SecondMinute(Instant from, Instant to) {
        boolean contains(Instant instant) {
            return !instant.isBefore(from) && instant.isBefore(to);
        }
    }
}
