package org.ssi.bench.benchmark;

import static org.ssi.bench.run.BenchContext.progress;

import com.fasterxml.jackson.databind.JsonNode;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import org.ssi.bench.report.Figure;
import org.ssi.bench.report.Goal;
import org.ssi.bench.report.Samples;
import org.ssi.bench.report.Section;
import org.ssi.bench.run.BenchContext;
import org.ssi.bench.run.Population;
import org.ssi.devstack.Http;

/**
 * The daily rollover of a day on which two members in three have activity (rescored) and the others none (carried
 * forward), over 90 days of score history, against one SQL statement that computes the same inputs as the rollover
 * asks activity-service for, and against one SQL query that only sums the aggregates.
 */
public final class RolloverBenchmark implements Benchmark {

    /** activity-service's window (MemberRepository.WINDOW_DAYS): activity that entered or left it changes a score. */
    private static final int WINDOW_DAYS = 90;

    /** Days of score history before the rolled day. */
    private static final int HISTORY_DAYS = 90;

    private static final double GOAL = 0.5;

    /**
     * The day's scores, written by the feed as the population was imported, move to the {@value #HISTORY_DAYS} days
     * before it: the rollover then finds the day as it does just after midnight, nobody scored yet, and a history
     * to carry forward from.
     */
    private static final String HISTORY = """
            with today as (delete from scoring.daily_score where day = ? returning *)
            insert into scoring.daily_score (member_id, day, model_version, industry, team_id, brand, find, engage,
                relationships, score)
            select member_id, day - d, model_version, industry, team_id, brand, find, engage, relationships, score
            from today, generate_series(1, %d) d
            on conflict (member_id, day) do nothing""".formatted(HISTORY_DAYS);

    /**
     * What the rollover asks activity-service for, in one statement: the members whose window changed on the day
     * (GET /internal/members/window-changes) and, for each, what POST /internal/member-inputs answers (the
     * directory's columns, per metric the in-window and to-date totals with the carried totals, the active days, the
     * connections by seniority): MemberRepository's statements, set-based over all of them, one row per member.
     */
    private static final String SAME_INPUTS = """
            with changed as (
                select distinct member_id from activity.daily_activity
                where day = ?::date or day = ?::date - %1$d),
            totals as (
                select member_id, jsonb_object_agg(metric, in_window) as in_window,
                    jsonb_object_agg(metric, to_date) as to_date
                from (select member_id, metric,
                        coalesce(sum(total) filter (where day > ?::date - %1$d), 0) as in_window,
                        sum(total) as to_date
                    from (select member_id, metric, day, total from activity.daily_activity
                            where member_id in (select member_id from changed) and day <= ?::date
                        union all select member_id, metric, null, total from activity.carried_total
                            where member_id in (select member_id from changed)) t
                    group by member_id, metric) per_metric
                group by member_id),
            active as (
                select member_id, count(distinct day) as days from activity.daily_activity
                where member_id in (select member_id from changed) and day <= ?::date and day > ?::date - %1$d
                group by member_id),
            connected as (
                select member_id, jsonb_object_agg(seniority, total) as connections
                from (select c.member_id, coalesce(m.seniority, 'NONE') as seniority, count(*) as total
                    from (select member_a as member_id, member_b as other from activity.connection
                            where member_a in (select member_id from changed) and connected
                        union all select member_b, member_a from activity.connection
                            where member_b in (select member_id from changed) and connected) c
                    join activity.member m on m.member_id = c.other
                    group by 1, 2) by_seniority
                group by member_id)
            insert into bench.rollover_inputs
            select m.member_id, m.industry, m.seniority, m.team_id,
                array[m.has_photo, m.has_cover_photo, m.has_headline, m.has_summary, m.has_experience,
                    m.has_education, m.has_skills],
                coalesce(t.in_window, '{}'), coalesce(t.to_date, '{}'), coalesce(a.days, 0),
                coalesce(c.connections, '{}')
            from activity.member m
            join changed using (member_id)
            left join totals t using (member_id)
            left join active a using (member_id)
            left join connected c using (member_id)""".formatted(WINDOW_DAYS);

    private static final String SUM = """
            select count(*), sum(in_window), sum(to_date) from (select member_id, metric,
                coalesce(sum(total) filter (where day > ?::date - 90), 0) as in_window, sum(total) as to_date
                from activity.daily_activity where day <= ?::date group by member_id, metric) t""";

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
        Section section = new Section(name(), "Daily rollover vs the same inputs computed by one SQL statement");
        LocalDate day = population.day();
        long historyRows = writeHistory(context, day);
        progress(name() + ": rollover of " + day + " for "
                + population.members().size() + " members over " + historyRows + " rows of score history");
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
        int carried = result.path("carriedForward").asInt();
        progress(name() + ": " + answer.body() + " in " + String.format("%.1f", seconds) + " s");

        Samples sameWork = new Samples();
        long computed = sameInputs(context, day, sameWork);
        Samples sums = new Samples();
        try (Connection connection = context.database();
                PreparedStatement query = connection.prepareStatement(SUM)) {
            query.setObject(1, day);
            query.setObject(2, day);
            for (int i = 0; i < 3 && !budget.spent(); i++) {
                Instant began = Instant.now();
                try (var rows = query.executeQuery()) {
                    rows.next();
                }
                sums.add(Population.seconds(began));
            }
        }
        double sameSeconds = sameWork.percentile(50);
        double sumSeconds = sums.percentile(50);
        double rate = rescored / seconds;
        String sameWhat =
                "one SQL statement computing the same inputs (insert … select, median of " + sameWork.size() + ")";
        double sameRate = computed / sameSeconds;
        section.figure(Figure.of("members rescored per second by the rollover", rate, "members/s", sameWhat, sameRate));
        section.goal(Goal.atLeast("rollover members/s ÷ its same-work SQL baseline", rate / sameRate, "", GOAL));
        section.figure(Figure.of(
                "members rescored per second by the rollover",
                rate,
                "members/s",
                "one SQL query summing the same aggregates (median of " + sums.size() + ")",
                rescored / sumSeconds));
        section.figure(Figure.of("rollover time", seconds, "s", sameWhat, sameSeconds));
        section.note(String.format(
                "The rollover of %s: %,d members rescored (activity on the day: their window changed), %,d carried"
                        + " forward (no activity on the day: their latest score copied to it), %,d rows of score"
                        + " history (%d days, %s to %s) in scoring.daily_score when it began; %,d daily aggregate rows"
                        + " over %d days for %,d members, one member in three without activity on the day.",
                day,
                rescored,
                carried,
                historyRows,
                HISTORY_DAYS,
                day.minusDays(HISTORY_DAYS),
                day.minusDays(1),
                population.aggregateRows(),
                Population.DAYS,
                population.members().size()));
        section.note("The history is written by one SQL statement before the rollover: the day's own scores (written"
                + " by the feed when the population was imported) are moved to the " + HISTORY_DAYS + " days before"
                + " it, so the rollover finds the day unscored, as just after midnight. The aggregates, too, are"
                + " written by SQL, not through the API, because the rollover reads aggregates, not events. Scaled"
                + " down from the issue's 100,000 members so that the whole run fits 20 minutes on 2 cores (set"
                + " -Dssi.bench.members for more).");
        section.note("Called on scoring-service (`POST /internal/admin/rollover`, what `POST /api/v1/admin/rollover`"
                + " forwards to) because the gateway gives an upstream call 30 s at most. The rollover asks"
                + " activity-service for the members whose window changed, then for their inputs, 1,000 members per"
                + " HTTP call (POST /internal/member-inputs), scores them and writes each page's scores and score feed"
                + " entries with set-based statements in one transaction; then it carries the others forward (one"
                + " insert … select) and expires history older than two years.");
        section.note(String.format(
                "The same-work baseline: one `insert … select` that computes what activity-service answers the"
                        + " rollover (the window changes, then per member the directory's columns, each metric's"
                        + " in-window and to-date totals with the carried totals, the active days and the"
                        + " connections by seniority, as MemberRepository's statements do) and writes one row per"
                        + " member (%,d) into a scratch table (`bench.rollover_inputs`, dropped after); each of the"
                        + " runs in its own transaction, the table truncated between them. It does not score, nor"
                        + " write scores, feed entries or the carried-forward rows: the rollover's time includes"
                        + " them. The second baseline, kept from earlier runs, only sums every member's aggregates"
                        + " in one query.",
                computed));
        return section;
    }

    /** Moves the day's scores into the history before it (one statement); answers the history rows there are. */
    private static long writeHistory(BenchContext context, LocalDate day) throws SQLException {
        try (Connection connection = context.database()) {
            try (PreparedStatement history = connection.prepareStatement(HISTORY)) {
                history.setObject(1, day);
                history.executeUpdate();
            }
            connection.createStatement().execute("analyze scoring.daily_score");
            try (PreparedStatement count =
                    connection.prepareStatement("select count(*) from scoring.daily_score where day < ?")) {
                count.setObject(1, day);
                try (var rows = count.executeQuery()) {
                    rows.next();
                    return rows.getLong(1);
                }
            }
        }
    }

    /** Times the same-work statement three times, each in its own transaction; answers the members it wrote. */
    private static long sameInputs(BenchContext context, LocalDate day, Samples seconds) throws SQLException {
        long members = 0;
        try (Connection connection = context.database()) {
            connection.createStatement().execute("create schema if not exists bench");
            connection.createStatement().execute("drop table if exists bench.rollover_inputs");
            connection
                    .createStatement()
                    .execute("create table bench.rollover_inputs (member_id varchar(64) primary key, industry"
                            + " varchar(64) not null, seniority varchar(16), team_id varchar(64), profile boolean[]"
                            + " not null, in_window jsonb not null, to_date jsonb not null, active_days integer not"
                            + " null, connections jsonb not null)");
            try (PreparedStatement insert = connection.prepareStatement(SAME_INPUTS)) {
                for (int parameter = 1; parameter <= 6; parameter++) {
                    insert.setObject(parameter, day);
                }
                for (int i = 0; i < 3; i++) {
                    connection.createStatement().execute("truncate bench.rollover_inputs");
                    connection.setAutoCommit(false);
                    Instant began = Instant.now();
                    members = insert.executeUpdate();
                    connection.commit();
                    seconds.add(Population.seconds(began));
                    connection.setAutoCommit(true);
                }
            }
            connection.createStatement().execute("drop table bench.rollover_inputs");
        }
        return members;
    }
}
