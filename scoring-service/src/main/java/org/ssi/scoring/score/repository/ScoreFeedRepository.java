package org.ssi.scoring.score.repository;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowSet;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;

/**
 * The score change feed. Appends take a transaction-scoped advisory lock before drawing a sequence number, so
 * entries become visible in sequence order and readers never skip one (see activity-service's feed).
 */
@ApplicationScoped
public class ScoreFeedRepository {

    private static final long FEED_LOCK = 0x5C_0E_C7_17L;

    private static final String LOCK = "select pg_advisory_xact_lock(" + FEED_LOCK + ")";

    /** The scores come as one JSON parameter (cast from text, so the client sends it as it is). */
    private static final String APPEND = """
            insert into scoring.score_change (member_id, industry, team_id, day, score, brand, find, engage,
             relationships, traceparent) select r.member_id, r.industry, r.team_id, r.day, r.score, r.brand,
             r.find, r.engage, r.relationships, cast($2 as text)
             from jsonb_to_recordset(cast(cast($1 as text) as jsonb))
             as r(member_id varchar, industry varchar, team_id varchar, day date, score numeric, brand numeric,
             find numeric, engage numeric, relationships numeric) order by r.member_id, r.day
            """;

    /** The feed's entries after a position, oldest first, at most a limit; the relay reads them so too. */
    public static final String CHANGES_AFTER = """
            select seq, member_id, industry, team_id, day, score, brand, find, engage, relationships, traceparent
             from scoring.score_change where seq > $1 order by seq limit $2
            """;

    /**
     * One entry: the member's score for the day changed to {@code score}; team and pillars feed team aggregates.
     * {@code traceparent} is the W3C trace context of the span that made the change, absent when that was untraced.
     */
    public record ScoreChange(
            long seq,
            String memberId,
            String industry,
            String teamId,
            LocalDate day,
            BigDecimal score,
            BigDecimal brand,
            BigDecimal find,
            BigDecimal engage,
            BigDecimal relationships,
            @JsonInclude(JsonInclude.Include.NON_NULL) String traceparent) {}

    private final Pool pool;

    public ScoreFeedRepository(Pool pool) {
        this.pool = pool;
    }

    /**
     * Appends an entry per score, in the order given, in the caller's transaction: one statement, after the feed's
     * lock (taken only when there is something to append). Each entry carries {@code traceparent}, the span that made
     * the scores (null when untraced).
     */
    public Uni<Void> append(SqlConnection connection, List<DailyScore> scores, String traceparent) {
        if (scores.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        List<ScoreRepository.JsonRow> rows = new ArrayList<>(scores.size());
        scores.forEach(score -> rows.add(ScoreRepository.JsonRow.of(score)));
        return connection.query(LOCK).execute().chain(() -> insert(connection, rows, traceparent));
    }

    private static Uni<Void> insert(SqlConnection connection, List<ScoreRepository.JsonRow> rows, String traceparent) {
        return connection
                .preparedQuery(APPEND)
                .execute(Tuple.of(ScoreRepository.write(rows), traceparent))
                .replaceWithVoid();
    }

    /** The feed's newest position, 0 while it is empty: how far a reader is behind. */
    public Uni<Long> last() {
        return pool.query("select coalesce(max(seq), 0) as last from scoring.score_change")
                .execute()
                .map(rows -> rows.iterator().next().getLong("last"));
    }

    /** When the entry was appended; null when there is none at {@code seq}. */
    public Uni<Instant> changedAt(long seq) {
        return pool.preparedQuery("select changed_at from scoring.score_change where seq = $1")
                .execute(Tuple.of(seq))
                .map(rows -> rows.size() == 0
                        ? null
                        : rows.iterator().next().getOffsetDateTime("changed_at").toInstant());
    }

    public Uni<List<ScoreChange>> after(long cursor, int limit) {
        return pool.preparedQuery(CHANGES_AFTER)
                .execute(Tuple.of(cursor, limit))
                .map(ScoreFeedRepository::changes);
    }

    private static List<ScoreChange> changes(RowSet<Row> rows) {
        List<ScoreChange> changes = new ArrayList<>(rows.size());
        rows.forEach(row -> changes.add(change(row)));
        return changes;
    }

    /** A row of {@link #CHANGES_AFTER} as a change. */
    public static ScoreChange change(Row row) {
        return new ScoreChange(
                row.getLong("seq"),
                row.getString("member_id"),
                row.getString("industry"),
                row.getString("team_id"),
                row.getLocalDate("day"),
                row.getBigDecimal("score"),
                row.getBigDecimal("brand"),
                row.getBigDecimal("find"),
                row.getBigDecimal("engage"),
                row.getBigDecimal("relationships"),
                row.getString("traceparent"));
    }
}
