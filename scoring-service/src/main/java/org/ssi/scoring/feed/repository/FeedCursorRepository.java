package org.ssi.scoring.feed.repository;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowSet;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * How far this service has read each upstream feed ({@code scoring.feed_cursor}); a cursor is moved in the same
 * transaction as what was read.
 */
@ApplicationScoped
public class FeedCursorRepository {

    private static final String POSITION = """
            select position from scoring.feed_cursor where feed = $1
            """;

    /** Creates the cursor, or moves it forward: a replayed page never moves it back. */
    private static final String MOVE_TO = """
            insert into scoring.feed_cursor as c (feed, position) values ($1, $2)
            on conflict (feed) do update set position = excluded.position
            where c.position < excluded.position
            """;

    private final Pool pool;

    public FeedCursorRepository(Pool pool) {
        this.pool = pool;
    }

    /** The feed's position, 0 before anything was read from it. */
    public Uni<Long> position(String feed) {
        return pool.preparedQuery(POSITION).execute(Tuple.of(feed)).map(FeedCursorRepository::positionOf);
    }

    /** Moves the feed's cursor to {@code position} unless it is further already; in the caller's transaction. */
    public Uni<Void> moveTo(SqlConnection connection, String feed, long position) {
        return connection
                .preparedQuery(MOVE_TO)
                .execute(Tuple.of(feed, position))
                .replaceWithVoid();
    }

    private static long positionOf(RowSet<Row> rows) {
        return rows.size() == 0 ? 0L : rows.iterator().next().getLong("position");
    }
}
