package org.ssi.activity.feed.repository;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.stream.StreamSupport;
import org.ssi.feed.kafka.FeedTrace;

/**
 * The activity change feed: members whose inputs changed.
 *
 * <p>Writers take one transaction-scoped advisory lock before they draw sequence numbers, so sequence numbers
 * become visible in the order they were drawn: a reader that has seen {@code seq = n} will never later find a
 * committed entry below {@code n}. That makes the feed gap-free for readers, whatever commits concurrently.
 */
@ApplicationScoped
public class ChangeFeedRepository {

    private static final long FEED_LOCK = 0x55_1A_C7_17L;

    /**
     * One entry of the feed; {@code traceparent} is the W3C trace context of the request that made it, absent when
     * that was untraced.
     */
    public record Change(
            long seq,
            String memberId,
            String reason,
            @JsonInclude(JsonInclude.Include.NON_NULL) String traceparent) {}

    private final Pool pool;

    public ChangeFeedRepository(Pool pool) {
        this.pool = pool;
    }

    /**
     * Appends the members, in the caller's transaction, with the traceparent of the current span; call it last, just
     * before commit.
     */
    public Uni<Void> append(SqlClient transaction, Collection<String> memberIds, String reason) {
        if (memberIds.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        String[] sorted = memberIds.stream().sorted().distinct().toArray(String[]::new);
        return transaction
                .preparedQuery("select pg_advisory_xact_lock($1)")
                .execute(Tuple.of(FEED_LOCK))
                .chain(() -> transaction
                        .preparedQuery("insert into activity.member_change (member_id, reason, traceparent)"
                                + " select m, $2, $3::text from unnest($1::text[]) with ordinality as t(m, i)"
                                + " order by i")
                        .execute(Tuple.of(sorted, reason, FeedTrace.current())))
                .replaceWithVoid();
    }

    public Uni<List<Change>> after(long cursor, int limit) {
        return pool.preparedQuery("select seq, member_id, reason, traceparent from activity.member_change"
                        + " where seq > $1 order by seq limit $2")
                .execute(Tuple.of(cursor, limit))
                .map(rows -> StreamSupport.stream(rows.spliterator(), false)
                        .map(ChangeFeedRepository::change)
                        .toList());
    }

    /** The feed's newest position, 0 while it is empty: how far a reader is behind. */
    public Uni<Long> last() {
        return pool.query("select coalesce(max(seq), 0) as last from activity.member_change")
                .execute()
                .map(rows -> rows.iterator().next().getLong("last"));
    }

    /** When the entry was appended; null when there is none at {@code seq}. */
    public Uni<Instant> changedAt(long seq) {
        return pool.preparedQuery("select changed_at from activity.member_change where seq = $1")
                .execute(Tuple.of(seq))
                .map(rows -> rows.size() == 0
                        ? null
                        : rows.iterator().next().getOffsetDateTime("changed_at").toInstant());
    }

    private static Change change(Row row) {
        return new Change(
                row.getLong("seq"), row.getString("member_id"), row.getString("reason"), row.getString("traceparent"));
    }
}
