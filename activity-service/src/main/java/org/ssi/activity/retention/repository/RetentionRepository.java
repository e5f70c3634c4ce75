package org.ssi.activity.retention.repository;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;

/**
 * Removes old raw events and daily totals, one bounded chunk per transaction.
 *
 * <p>Ingestion holds the retention lock shared for its whole transaction, a chunk holds it exclusively: so a batch
 * either sees an event still in the event table or already in the digest table, never neither (which would store
 * a replayed event again).
 */
@ApplicationScoped
public class RetentionRepository {

    private static final long RETENTION_LOCK = 0x55_1A_C7_18L;

    private final Pool pool;

    public RetentionRepository(Pool pool) {
        this.pool = pool;
    }

    /** Taken by every ingestion transaction before it looks for stored event ids; many may hold it at once. */
    public Uni<Void> shareLock(SqlClient transaction) {
        return transaction
                .preparedQuery("select pg_advisory_xact_lock_shared($1)")
                .execute(Tuple.of(RETENTION_LOCK))
                .replaceWithVoid();
    }

    /** Moves up to {@code limit} events that occurred before the instant to the digest table; answers how many. */
    public Uni<Integer> archiveEvents(Instant before, int limit) {
        String sql = "with old as (delete from activity.event where event_id in (select event_id from activity.event"
                + " where occurred_at < $1 limit $2) returning event_id, member_id, type, occurred_at, count,"
                + " attributes) insert into activity.event_digest (event_id, digest) select event_id,"
                + " activity.content_digest(member_id, type, occurred_at, count, attributes) from old"
                + " on conflict (event_id) do nothing";
        return pool.withTransaction(tx -> lockExclusively(tx)
                .chain(() -> tx.preparedQuery(sql).execute(Tuple.of(before.atOffset(ZoneOffset.UTC), limit)))
                .map(rows -> rows.rowCount()));
    }

    /**
     * Folds up to {@code limit} daily totals of days before the day into each member's carried totals; answers how
     * many daily rows were removed.
     */
    public Uni<Integer> carryDailyTotals(LocalDate before, int limit) {
        String sql = "with old as (delete from activity.daily_activity where (member_id, day, metric) in"
                + " (select member_id, day, metric from activity.daily_activity where day < $1 limit $2)"
                + " returning member_id, metric, total),"
                + " carried as (insert into activity.carried_total (member_id, metric, total)"
                + " select member_id, metric, sum(total) from old group by member_id, metric order by 1, 2"
                + " on conflict (member_id, metric) do update set total = activity.carried_total.total + excluded.total"
                + " returning 1)"
                + " select (select count(*) from old) as removed, (select count(*) from carried) as members";
        return pool.withTransaction(tx -> lockExclusively(tx)
                .chain(() -> tx.preparedQuery(sql).execute(Tuple.of(before, limit)))
                .map(rows -> rows.iterator().next().getLong("removed").intValue()));
    }

    private static Uni<Void> lockExclusively(SqlClient tx) {
        return tx.preparedQuery("select pg_advisory_xact_lock($1)")
                .execute(Tuple.of(RETENTION_LOCK))
                .replaceWithVoid();
    }
}
