package org.ssi.scoring.score.repository;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import org.ssi.feed.kafka.FeedTrace;

/**
 * The score change feed. Appends take a transaction-scoped advisory lock before drawing a sequence number, so
 * entries become visible in sequence order and readers never skip one (see activity-service's feed).
 */
@ApplicationScoped
public class ScoreFeedRepository {

    private static final long FEED_LOCK = 0x5C_0E_C7_17L;

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

    /** Appends in the current Hibernate transaction, with the traceparent of the current span. */
    public Uni<Void> append(DailyScore score) {
        return append(List.of(score), FeedTrace.current());
    }

    /**
     * Appends an entry per score, in the order given, in the current Hibernate transaction: one statement, after
     * the feed's lock (taken only when there is something to append). Each entry carries {@code traceparent}, the
     * span that made the scores (null when untraced).
     */
    public Uni<Void> append(List<DailyScore> scores, String traceparent) {
        if (scores.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        List<ScoreRepository.Row> rows = new ArrayList<>(scores.size());
        scores.forEach(score -> rows.add(ScoreRepository.Row.of(score)));
        String sql = "insert into scoring.score_change (member_id, industry, team_id, day, score, brand, find, engage,"
                + " relationships, traceparent) select r.member_id, r.industry, r.team_id, r.day, r.score, r.brand,"
                + " r.find, r.engage, r.relationships, cast(?2 as text)"
                + " from jsonb_to_recordset(cast(cast(?1 as text) as jsonb))"
                + " as r(member_id varchar, industry varchar, team_id varchar, day date, score numeric, brand numeric,"
                + " find numeric, engage numeric, relationships numeric) order by r.member_id, r.day";
        return Panache.getSession()
                .chain(session -> session.createNativeQuery("select pg_advisory_xact_lock(" + FEED_LOCK + ")")
                        .getSingleResult()
                        .chain(() -> session.createNativeQuery(sql)
                                .setParameter(1, ScoreRepository.write(rows))
                                .setParameter(2, traceparent)
                                .executeUpdate()))
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
        return pool.preparedQuery("select seq, member_id, industry, team_id, day, score, brand, find, engage,"
                        + " relationships, traceparent from scoring.score_change"
                        + " where seq > $1 order by seq limit $2")
                .execute(Tuple.of(cursor, limit))
                .map(rows -> {
                    List<ScoreChange> changes = new ArrayList<>();
                    for (Row row : rows) {
                        changes.add(new ScoreChange(
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
                                row.getString("traceparent")));
                    }
                    return changes;
                });
    }
}
