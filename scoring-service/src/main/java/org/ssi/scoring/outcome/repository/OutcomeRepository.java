package org.ssi.scoring.outcome.repository;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowSet;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.ssi.scoring.outcome.service.Outcome;
import org.ssi.scoring.outcome.service.OutcomeMetric;

/** Stored outcomes, and their members' scores over the outcome periods. Writes run in the caller's transaction. */
@ApplicationScoped
public class OutcomeRepository {

    private static final String BATCH = "unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[])"
            + " as b(outcome_id, member_id, metric, period_start, period_end, value)";

    /**
     * One member's outcome total over the selected periods, and their average score and pillars over the days of
     * those periods that have a score.
     */
    public record MemberOutcome(
            String memberId,
            double total,
            double score,
            double brand,
            double find,
            double engage,
            double relationships) {}

    /** What the insights cover: members with a scored day in their periods, and those without. */
    public record Selection(List<MemberOutcome> members, int withoutScores) {}

    private final Pool pool;

    public OutcomeRepository(Pool pool) {
        this.pool = pool;
    }

    /** Stores the outcomes not stored yet; answers the ids that were new. */
    public Uni<Set<String>> insertNew(SqlConnection connection, List<Outcome> outcomes) {
        String sql = "insert into scoring.outcome (outcome_id, member_id, metric, period_start, period_end, value)"
                + " select outcome_id, member_id, metric, period_start::date, period_end::date, value::numeric from "
                + BATCH
                + " on conflict (outcome_id) do nothing returning outcome_id";
        return connection.preparedQuery(sql).execute(batch(outcomes)).map(OutcomeRepository::firstColumn);
    }

    /** The ids of outcomes already stored with another content than the one given. */
    public Uni<Set<String>> conflicting(SqlConnection connection, List<Outcome> outcomes) {
        String sql = "select o.outcome_id from scoring.outcome o join " + BATCH + " using (outcome_id)"
                + " where (o.member_id, o.metric, o.period_start, o.period_end, o.value) is distinct from"
                + " (b.member_id, b.metric, b.period_start::date, b.period_end::date, b.value::numeric)";
        return connection.preparedQuery(sql).execute(batch(outcomes)).map(OutcomeRepository::firstColumn);
    }

    /** The members among the ids that have a score history here. */
    public Uni<Set<String>> scoredMembers(SqlConnection connection, Collection<String> memberIds) {
        String sql = "select m.member_id from unnest($1::text[]) as m(member_id) where exists"
                + " (select 1 from scoring.daily_score s where s.member_id = m.member_id)";
        return connection
                .preparedQuery(sql)
                .execute(Tuple.of(memberIds.toArray(String[]::new)))
                .map(OutcomeRepository::firstColumn);
    }

    /** Per member, the metric's outcomes whose period lies within [from, to], against their scores then. */
    public Uni<Selection> select(OutcomeMetric metric, LocalDate from, LocalDate to) {
        // Overlapping periods of a member are merged first (gaps and islands), so that each scored day counts once.
        // Averages are taken in numeric, which is exact whatever order the rows are added in (a parallel plan's may
        // differ), so the same data give the same doubles, and so the same fingerprint and noise (OutcomeProtection).
        String sql = "with periods as (select member_id, period_start, period_end, value from scoring.outcome"
                + " where metric = $1 and period_start >= $2 and period_end <= $3),"
                + " totals as (select member_id, sum(value)::float8 as total from periods group by member_id),"
                + " reach as (select member_id, period_start, period_end, max(period_end) over (partition by member_id"
                + " order by period_start, period_end rows between unbounded preceding and 1 preceding) as reached"
                + " from periods),"
                + " starts as (select member_id, period_start, period_end, count(*) filter (where reached is null"
                + " or period_start > reached) over (partition by member_id order by period_start, period_end)"
                + " as island from reach),"
                + " islands as (select member_id, min(period_start) as first_day, max(period_end) as last_day"
                + " from starts group by member_id, island),"
                + " scored as (select i.member_id, avg(s.score)::float8 as score, avg(s.brand)::float8 as brand,"
                + " avg(s.find)::float8 as find, avg(s.engage)::float8 as engage,"
                + " avg(s.relationships)::float8 as relationships from islands i join scoring.daily_score s"
                + " on s.member_id = i.member_id and s.day between i.first_day and i.last_day"
                + " where s.day between $2 and $3 group by i.member_id)"
                + " select t.member_id, t.total, s.score, s.brand, s.find, s.engage, s.relationships"
                + " from totals t left join scored s using (member_id) order by t.member_id";
        return pool.preparedQuery(sql)
                .execute(Tuple.of(metric.json(), from, to))
                .map(OutcomeRepository::selection);
    }

    private static Selection selection(RowSet<Row> rows) {
        List<MemberOutcome> members = new ArrayList<>();
        int withoutScores = 0;
        for (Row row : rows) {
            if (row.getDouble("score") == null) {
                withoutScores++;
                continue;
            }
            members.add(new MemberOutcome(
                    row.getString("member_id"),
                    row.getDouble("total"),
                    row.getDouble("score"),
                    row.getDouble("brand"),
                    row.getDouble("find"),
                    row.getDouble("engage"),
                    row.getDouble("relationships")));
        }
        return new Selection(members, withoutScores);
    }

    private static Tuple batch(List<Outcome> outcomes) {
        int size = outcomes.size();
        String[] ids = new String[size];
        String[] members = new String[size];
        String[] metrics = new String[size];
        String[] starts = new String[size];
        String[] ends = new String[size];
        String[] values = new String[size];
        for (int i = 0; i < size; i++) {
            Outcome outcome = outcomes.get(i);
            ids[i] = outcome.outcomeId();
            members[i] = outcome.memberId();
            metrics[i] = outcome.metric().json();
            starts[i] = outcome.periodStart().toString();
            ends[i] = outcome.periodEnd().toString();
            values[i] = outcome.value().toPlainString();
        }
        return Tuple.of(ids, members, metrics, starts, ends, values);
    }

    private static Set<String> firstColumn(RowSet<Row> rows) {
        Set<String> values = new HashSet<>();
        for (Row row : rows) {
            values.add(row.getString(0));
        }
        return values;
    }
}
