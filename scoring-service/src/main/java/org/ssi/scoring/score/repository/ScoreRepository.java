package org.ssi.scoring.score.repository;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowSet;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/** Daily scores: reads on the pool, writes in the caller's transaction. */
@ApplicationScoped
public class ScoreRepository {

    /** Writes the rows of the set-based statements: plain values, strings for days. */
    private static final ObjectMapper JSON = new ObjectMapper();

    private static final String COLUMNS =
            "member_id, day, model_version, industry, team_id, brand, find, engage, relationships, score";

    private static final String LATEST = "select " + COLUMNS + """
             from scoring.daily_score where member_id = $1 order by day desc limit 1
            """;

    private static final String BETWEEN = "select " + COLUMNS + """
             from scoring.daily_score where member_id = $1 and day >= $2 and day <= $3 order by day
            """;

    private static final String ON_DAY = "select " + COLUMNS + """
             from scoring.daily_score where member_id = $1 and day = $2
            """;

    /**
     * Writes the rows in member order where the stored row is missing or differs; answers the keys written. The
     * rows come as one JSON parameter (cast from text, so the client sends it as it is).
     */
    private static final String STORE_CHANGED = """
            with written as (insert into scoring.daily_score as s (member_id, day, model_version, industry,
             team_id, brand, find, engage, relationships, score)
             select r.member_id, r.day, r.model_version, r.industry, r.team_id, r.brand, r.find, r.engage,
             r.relationships, r.score from jsonb_to_recordset(cast(cast($1 as text) as jsonb))
             as r(member_id varchar, day date, model_version integer, industry varchar, team_id varchar,
             brand numeric, find numeric, engage numeric, relationships numeric, score numeric)
             order by r.member_id, r.day
             on conflict (member_id, day) do update set model_version = excluded.model_version,
             industry = excluded.industry, team_id = excluded.team_id, brand = excluded.brand,
             find = excluded.find, engage = excluded.engage, relationships = excluded.relationships,
             score = excluded.score
             where (s.model_version, s.industry, s.team_id, s.brand, s.find, s.engage, s.relationships, s.score)
             is distinct from (excluded.model_version, excluded.industry, excluded.team_id, excluded.brand,
             excluded.find, excluded.engage, excluded.relationships, excluded.score)
             returning s.member_id, s.day)
             select member_id, cast(day as text) from written
            """;

    private final Pool pool;

    public ScoreRepository(Pool pool) {
        this.pool = pool;
    }

    /** The member's latest score, or null when they have none. */
    public Uni<DailyScore> latest(String memberId) {
        return pool.preparedQuery(LATEST).execute(Tuple.of(memberId)).map(ScoreRepository::first);
    }

    /** The member's daily scores from {@code from} to {@code to}, inclusive, oldest first. */
    public Uni<List<DailyScore>> between(String memberId, LocalDate from, LocalDate to) {
        return pool.preparedQuery(BETWEEN).execute(Tuple.of(memberId, from, to)).map(ScoreRepository::all);
    }

    /** The member's score on the day, or null. */
    public Uni<DailyScore> onDay(String memberId, LocalDate day) {
        return pool.preparedQuery(ON_DAY).execute(Tuple.of(memberId, day)).map(ScoreRepository::first);
    }

    /**
     * Writes the scores (in member order, so writers lock in one order) where the stored row of the member and
     * day is missing or differs; answers the scores written, in the order given. One statement, in the caller's
     * transaction.
     */
    public Uni<List<DailyScore>> storeChanged(SqlConnection connection, List<DailyScore> computed) {
        if (computed.isEmpty()) {
            return Uni.createFrom().item(List.of());
        }
        List<JsonRow> rows = new ArrayList<>(computed.size());
        computed.forEach(score -> rows.add(JsonRow.of(score)));
        return connection
                .preparedQuery(STORE_CHANGED)
                .execute(Tuple.of(write(rows)))
                .map(written -> written(computed, written));
    }

    private static List<DailyScore> written(List<DailyScore> computed, RowSet<Row> written) {
        Set<DailyScore.Key> keys = new HashSet<>();
        written.forEach(row -> keys.add(new DailyScore.Key(row.getString(0), LocalDate.parse(row.getString(1)))));
        return computed.stream().filter(score -> keys.contains(score.key())).toList();
    }

    private static DailyScore first(RowSet<Row> rows) {
        return rows.size() == 0 ? null : score(rows.iterator().next());
    }

    private static List<DailyScore> all(RowSet<Row> rows) {
        List<DailyScore> scores = new ArrayList<>(rows.size());
        rows.forEach(row -> scores.add(score(row)));
        return scores;
    }

    private static DailyScore score(Row row) {
        return new DailyScore(
                row.getString("member_id"),
                row.getLocalDate("day"),
                row.getInteger("model_version"),
                row.getString("industry"),
                row.getString("team_id"),
                row.getBigDecimal("brand"),
                row.getBigDecimal("find"),
                row.getBigDecimal("engage"),
                row.getBigDecimal("relationships"),
                row.getBigDecimal("score"));
    }

    /** A score as the statements read it from JSON. */
    record JsonRow(
            @JsonProperty("member_id") String memberId,
            String day,
            @JsonProperty("model_version") int modelVersion,
            String industry,
            @JsonProperty("team_id") String teamId,
            BigDecimal brand,
            BigDecimal find,
            BigDecimal engage,
            BigDecimal relationships,
            BigDecimal score) {

        static JsonRow of(DailyScore s) {
            return new JsonRow(
                    s.memberId(),
                    s.day().toString(),
                    s.modelVersion(),
                    s.industry(),
                    s.teamId(),
                    s.brand(),
                    s.find(),
                    s.engage(),
                    s.relationships(),
                    s.score());
        }
    }

    static String write(Object value) {
        try {
            return JSON.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }
}
