package org.ssi.devstack.simulation;

import java.io.PrintStream;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.LocalDate;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.ssi.devstack.Http;
import org.ssi.devstack.IndustryCatalogue;
import org.ssi.devstack.LocalPostgres;
import org.ssi.devstack.StackConfig;

/**
 * Loads a simulated organisation into a running stack through the public API of the gateway, as the ingest client:
 * the directory as one bulk import (its industries registered in the catalogue by the admin first, since the ingest
 * client names only catalogued ones), then the activity in batches of up to 10,000 events. Then it waits until scoring
 * and ranking have caught up with everything posted, and prints the population's statistics beside the facts of
 * design/ssi-model.md (read from scoring-service's table, the one place that holds every member's score). Optionally
 * it posts CRM outcomes with a known relation to each member's score.
 */
public final class Simulation {

    static final int BATCH = 10_000;
    /** Batches in flight at once: the gateway and activity-service overlap one while the next is parsed. */
    static final int IN_FLIGHT = 2;
    /** Opportunities per rep over 90 days: a base plus 4.3 for every 10 points of SSI (the Microsoft figure, 000). */
    static final double OPPORTUNITIES_BASE = 2;

    static final double OPPORTUNITIES_PER_POINT = 0.43;
    static final double MEETINGS_BASE = 3;
    static final double MEETINGS_PER_POINT = 0.25;
    private static final Duration UPLOAD_TIMEOUT = Duration.ofMinutes(15);
    private static final Duration CATCH_UP_LIMIT = Duration.ofHours(2);
    private static final int BATCH_ATTEMPTS = 5;
    private static final Duration RETRY_PAUSE = Duration.ofSeconds(5);
    private static final java.util.Set<Integer> RETRIED = java.util.Set.of(429, 502, 503, 504);

    /**
     * What to simulate.
     *
     * @param end the day after the last simulated day (today: the simulation covers the days before it)
     * @param waitForScores whether to wait until scoring and ranking have caught up and print the statistics
     */
    public record Options(int members, int days, long seed, LocalDate end, boolean outcomes, boolean waitForScores) {

        public static final int MAX_MEMBERS = 1_000_000;
        public static final int MAX_DAYS = 365;

        public Options {
            if (members < 1 || members > MAX_MEMBERS) {
                throw new IllegalArgumentException("--members must be from 1 to " + MAX_MEMBERS);
            }
            if (days < 1 || days > MAX_DAYS) {
                throw new IllegalArgumentException("--days must be from 1 to " + MAX_DAYS);
            }
        }
    }

    /** What a run did and how long each part took. */
    public record Result(
            int members,
            long eventsPosted,
            long eventsAccepted,
            Duration generating,
            Duration importing,
            Duration posting,
            Duration catchingUp,
            PopulationStatistics statistics) {}

    private final StackConfig config;
    private final String token;
    private final String adminToken;
    private final PrintStream out;

    /** The ingest client loads the organisation; the admin registers its industries in the catalogue first. */
    public Simulation(StackConfig config, String ingestToken, String adminToken, PrintStream out) {
        this.config = config;
        this.token = ingestToken;
        this.adminToken = adminToken;
        this.out = out;
    }

    public Result run(Options options) throws InterruptedException, SQLException {
        long started = System.nanoTime();
        say("generating %d members (seed %d)".formatted(options.members(), options.seed()));
        SimulatedOrganisation organisation = SimulatedOrganisation.generate(options.members(), options.seed());
        Duration generating = since(started);
        say("organisation: %d industries, %d teams, %d member connections (%s)"
                .formatted(
                        organisation.industries().size(),
                        organisation.teams().size(),
                        organisation.connections().length,
                        seconds(generating)));

        long importStart = System.nanoTime();
        importDirectory(organisation);
        Duration importing = since(importStart);

        long postStart = System.nanoTime();
        long[] posted = postActivity(organisation, options);
        Duration posting = since(postStart);

        Duration catchingUp = Duration.ZERO;
        PopulationStatistics statistics = null;
        if (options.waitForScores() || options.outcomes()) {
            try (Connection db = database()) {
                long catchStart = System.nanoTime();
                awaitCatchUp(db);
                catchingUp = since(catchStart);
                List<PopulationStatistics.Score> scores = PopulationStatistics.read(db, options.members());
                statistics = PopulationStatistics.of(scores, organisation);
                say("population statistics (each member's latest score):");
                out.print(statistics.report());
                if (options.outcomes()) {
                    postOutcomes(scores, options);
                }
            }
        }
        say("done in %s: generating %s, directory %s, activity %s, scoring catch-up %s"
                .formatted(
                        seconds(since(started)),
                        seconds(generating),
                        seconds(importing),
                        seconds(posting),
                        seconds(catchingUp)));
        return new Result(
                options.members(), posted[0], posted[1], generating, importing, posting, catchingUp, statistics);
    }

    /**
     * The industries, registered by the admin (the ingest client names only catalogued ones); then teams (parents
     * first), then members; the managers are set once the whole file is in.
     */
    private void importDirectory(SimulatedOrganisation organisation) {
        IndustryCatalogue.register(config.gatewayUrl(), adminToken, organisation.industries());
        StringBuilder ndjson = new StringBuilder(organisation.members().size() * 260);
        for (SimulatedOrganisation.Team team : organisation.teams()) {
            ndjson.append("{\"kind\":\"team\",\"teamId\":\"")
                    .append(team.id())
                    .append("\",\"name\":\"")
                    .append(team.name())
                    .append("\",\"parentTeamId\":")
                    .append(team.parentId() == null ? "null" : "\"" + team.parentId() + "\"")
                    .append(",\"managers\":[\"")
                    .append(team.managerId())
                    .append("\"]}\n");
        }
        for (SimulatedOrganisation.Member member : organisation.members()) {
            boolean[] profile = member.traits().profile();
            ndjson.append("{\"kind\":\"member\",\"memberId\":\"")
                    .append(member.id())
                    .append("\",\"login\":\"")
                    .append(member.id())
                    .append("\",\"displayName\":\"")
                    .append(member.displayName())
                    .append("\",\"industry\":\"")
                    .append(member.industry())
                    .append("\",\"seniority\":\"")
                    .append(member.seniority())
                    .append("\",\"teamId\":\"")
                    .append(member.teamId())
                    .append("\",\"profile\":{");
            for (int f = 0; f < Traits.PROFILE_FIELDS.length; f++) {
                ndjson.append(f == 0 ? "" : ",")
                        .append('"')
                        .append(Traits.PROFILE_FIELDS[f])
                        .append("\":")
                        .append(profile[f]);
            }
            ndjson.append("}}\n");
        }
        say("importing the directory: %d teams, %d members"
                .formatted(organisation.teams().size(), organisation.members().size()));
        Http.Answer answer = Http.upload(
                "POST",
                config.gatewayUrl() + "/api/v1/directory/import",
                token,
                "application/x-ndjson",
                ndjson.toString(),
                UPLOAD_TIMEOUT);
        expect(answer, "the directory import");
        var report = answer.json();
        if (report.path("failed").asInt() > 0) {
            throw new IllegalStateException("The directory import reported bad lines: " + answer.body());
        }
        say("directory imported: %d teams, %d members (%d new, %d changed)"
                .formatted(
                        report.path("teams").asInt(),
                        report.path("members").asInt(),
                        report.path("membersCreated").asInt(),
                        report.path("membersChanged").asInt()));
    }

    /** Answers the events posted and the events accepted (the others were already stored). */
    private long[] postActivity(SimulatedOrganisation organisation, Options options) throws InterruptedException {
        ExecutorService posters = Executors.newFixedThreadPool(IN_FLIGHT);
        Semaphore slots = new Semaphore(IN_FLIGHT);
        AtomicLong posted = new AtomicLong();
        AtomicLong accepted = new AtomicLong();
        AtomicReference<RuntimeException> failure = new AtomicReference<>();
        long start = System.nanoTime();
        long lastReport = start;
        Batch batch = new Batch();
        int size = organisation.members().size();
        try {
            for (int i = 0; i < size && failure.get() == null; i++) {
                for (SimulatedActivity.Event event :
                        SimulatedActivity.of(organisation, i, options.end(), options.days())) {
                    batch.add(event);
                    if (batch.size == BATCH) {
                        submit(batch, posters, slots, posted, accepted, failure);
                        batch = new Batch();
                    }
                }
                long now = System.nanoTime();
                if (now - lastReport > TimeUnit.SECONDS.toNanos(5)) {
                    lastReport = now;
                    progress(i + 1, size, posted.get(), accepted.get(), start);
                }
            }
            if (batch.size > 0 && failure.get() == null) {
                submit(batch, posters, slots, posted, accepted, failure);
            }
            slots.acquire(IN_FLIGHT);
        } finally {
            posters.shutdown();
            posters.awaitTermination(1, TimeUnit.MINUTES);
        }
        if (failure.get() != null) {
            throw failure.get();
        }
        progress(size, size, posted.get(), accepted.get(), start);
        return new long[] {posted.get(), accepted.get()};
    }

    private void progress(int members, int size, long posted, long accepted, long start) {
        double elapsed = (System.nanoTime() - start) / 1e9;
        say("activity: members %d/%d, events sent %,d (%,d new), %,.0f events/s"
                .formatted(members, size, posted, accepted, posted / Math.max(elapsed, 1e-3)));
    }

    /** Up to 10,000 events as the body of POST /activities. */
    private static final class Batch {
        private final StringBuilder json = new StringBuilder(BATCH * 200).append("{\"events\":[");
        private int size;

        void add(SimulatedActivity.Event event) {
            if (size > 0) {
                json.append(',');
            }
            event.appendJson(json);
            size++;
        }

        String body() {
            return json + "]}";
        }
    }

    private void submit(
            Batch batch,
            ExecutorService posters,
            Semaphore slots,
            AtomicLong posted,
            AtomicLong accepted,
            AtomicReference<RuntimeException> failure)
            throws InterruptedException {
        slots.acquire();
        String body = batch.body();
        int size = batch.size;
        posters.execute(() -> {
            try {
                Http.Answer answer = postBatch(body);
                expect(answer, "an activity batch");
                posted.addAndGet(size);
                accepted.addAndGet(answer.json().path("accepted").asLong());
            } catch (RuntimeException e) {
                failure.compareAndSet(null, e);
            } finally {
                slots.release();
            }
        });
    }

    /**
     * Posts a batch of events; a batch the gateway could not pass on in time (503, 502, 504) or refused for now (429)
     * is posted again after a pause: event ids make a second post of the same events change nothing.
     */
    private Http.Answer postBatch(String body) {
        for (int attempt = 1; ; attempt++) {
            Http.Answer answer = Http.upload(
                    "POST",
                    config.gatewayUrl() + "/api/v1/activities",
                    token,
                    "application/json",
                    body,
                    UPLOAD_TIMEOUT);
            if (!RETRIED.contains(answer.status()) || attempt == BATCH_ATTEMPTS) {
                return answer;
            }
            say("an activity batch was answered %d; posting it again (attempt %d of %d)"
                    .formatted(answer.status(), attempt + 1, BATCH_ATTEMPTS));
            try {
                Thread.sleep(RETRY_PAUSE.toMillis() * attempt);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return answer;
            }
        }
    }

    /**
     * Waits until scoring-service has read the whole activity change feed and ranking-service the whole score feed;
     * each stores its cursor in the transaction that stores what it computed, so a caught-up cursor means done.
     */
    private void awaitCatchUp(Connection db) throws SQLException, InterruptedException {
        long start = System.nanoTime();
        long lastReport = 0;
        while (true) {
            long activity = single(db, "select coalesce(max(seq), 0) from activity.member_change");
            long scored =
                    single(db, "select coalesce(max(position), 0) from scoring.feed_cursor where feed = 'activity'");
            long scores = single(db, "select coalesce(max(seq), 0) from scoring.score_change");
            long ranked =
                    single(db, "select coalesce(max(position), 0) from ranking.feed_cursor where feed = 'scores'");
            if (scored >= activity && ranked >= scores) {
                say("scoring and ranking have caught up (%s)".formatted(seconds(since(start))));
                return;
            }
            long now = System.nanoTime();
            if (now - lastReport > TimeUnit.SECONDS.toNanos(5)) {
                lastReport = now;
                say("waiting for scoring: %,d activity changes behind; ranking: %,d score changes behind"
                        .formatted(Math.max(0, activity - scored), Math.max(0, scores - ranked)));
            }
            if (since(start).compareTo(CATCH_UP_LIMIT) > 0) {
                throw new IllegalStateException("scoring has not caught up after " + CATCH_UP_LIMIT);
            }
            Thread.sleep(500);
        }
    }

    private static long single(Connection db, String sql) throws SQLException {
        try (Statement statement = db.createStatement();
                ResultSet rows = statement.executeQuery(sql)) {
            rows.next();
            return rows.getLong(1);
        }
    }

    /**
     * Per member, opportunities and meetings over the 90 days ending today: Poisson around a base plus a fixed amount
     * per point of the member's score, so the insights should find about +4.3 opportunities per 10 points.
     */
    private void postOutcomes(List<PopulationStatistics.Score> scores, Options options) {
        LocalDate periodEnd = options.end();
        LocalDate periodStart = periodEnd.minusDays(89);
        StringBuilder batch = new StringBuilder();
        int inBatch = 0;
        long accepted = 0;
        for (PopulationStatistics.Score score : scores) {
            SplittableRandom random = new SplittableRandom(Traits.mix(options.seed(), score.index(), 3));
            String member = SimulatedOrganisation.memberId(score.index());
            for (String metric : List.of("opportunities", "meetings")) {
                double mean = metric.equals("opportunities")
                        ? OPPORTUNITIES_BASE + OPPORTUNITIES_PER_POINT * score.score()
                        : MEETINGS_BASE + MEETINGS_PER_POINT * score.score();
                batch.append(inBatch == 0 ? "{\"outcomes\":[" : ",")
                        .append("{\"outcomeId\":\"s%d-%s-%s-%s\",\"memberId\":\"%s\",\"metric\":\"%s\","
                                .formatted(options.seed(), member, metric, periodEnd, member, metric))
                        .append("\"periodStart\":\"%s\",\"periodEnd\":\"%s\",\"value\":%d}"
                                .formatted(periodStart, periodEnd, Sampling.poisson(random, mean)));
                inBatch++;
                if (inBatch == BATCH) {
                    accepted += postOutcomeBatch(batch.append("]}").toString());
                    batch.setLength(0);
                    inBatch = 0;
                }
            }
        }
        if (inBatch > 0) {
            accepted += postOutcomeBatch(batch.append("]}").toString());
        }
        say(
                "outcomes: %d new (opportunities ~ %.0f + %.2f per point, meetings ~ %.0f + %.2f per point), period %s to %s"
                        .formatted(
                                accepted,
                                OPPORTUNITIES_BASE,
                                OPPORTUNITIES_PER_POINT,
                                MEETINGS_BASE,
                                MEETINGS_PER_POINT,
                                periodStart,
                                periodEnd));
        say("the insights should show about +4.3 opportunities per 10 points: GET /api/v1/insights/outcomes"
                + "?metric=opportunities&from=" + periodStart + "&to=" + periodEnd + " (role analyst)");
    }

    private long postOutcomeBatch(String body) {
        Http.Answer answer = Http.upload(
                "POST", config.gatewayUrl() + "/api/v1/outcomes", token, "application/json", body, UPLOAD_TIMEOUT);
        expect(answer, "an outcome batch");
        return answer.json().path("accepted").asLong();
    }

    private Connection database() throws SQLException {
        if (config.dbUrl() != null) {
            return DriverManager.getConnection(config.dbUrl(), config.dbUser(), config.dbPassword());
        }
        return DriverManager.getConnection(
                "jdbc:postgresql://localhost:" + config.postgresPort() + "/" + LocalPostgres.DATABASE,
                LocalPostgres.USER,
                "");
    }

    private static void expect(Http.Answer answer, String what) {
        if (answer.status() / 100 != 2) {
            String body = answer.body();
            throw new IllegalStateException("Posting " + what + " failed (" + answer.status() + "): "
                    + (body.length() > 2000 ? body.substring(0, 2000) + "..." : body));
        }
    }

    private static Duration since(long start) {
        return Duration.ofNanos(System.nanoTime() - start);
    }

    static String seconds(Duration duration) {
        return "%.1f s".formatted(duration.toMillis() / 1000.0);
    }

    private void say(String line) {
        out.println("[ssi] " + line);
        out.flush();
    }
}
