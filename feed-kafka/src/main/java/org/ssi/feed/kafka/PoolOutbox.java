package org.ssi.feed.kafka;

import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowSet;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Transaction;
import io.vertx.mutiny.sqlclient.Tuple;
import java.util.ArrayList;
import java.util.List;
import org.ssi.feed.kafka.OutboxRelay.Message;
import org.ssi.feed.kafka.OutboxRelay.OutboxSql;

/**
 * An {@link Outbox} on the Vert.x reactive pool (Mutiny), for a service whose one way to its database is that pool:
 * the statements of {@link OutboxSql} with PostgreSQL's {@code $1} parameters, in a transaction of the pool. The relay
 * runs on its own thread, so each statement is awaited there; an event-loop thread is never blocked (Quarkus refuses
 * an {@code await} on one).
 */
public final class PoolOutbox implements Outbox {

    /** Reads one row of {@code changesAfter} as it goes to the topic. */
    @FunctionalInterface
    public interface ChangeRow {
        Message read(Row row) throws Exception;
    }

    private final OutboxSql sql;
    private final ChangeRow row;
    private final Pool pool;

    /**
     * @param sql the outbox's statements, with {@code $1} parameters
     * @param row how a row of {@code changesAfter} becomes a message
     * @param pool where they run
     */
    public PoolOutbox(OutboxSql sql, ChangeRow row, Pool pool) {
        this.sql = sql;
        this.row = row;
        this.pool = pool;
    }

    @Override
    public Round begin() {
        SqlConnection connection = pool.getConnectionAndAwait();
        try {
            return new PoolRound(connection, connection.beginAndAwait());
        } catch (RuntimeException e) {
            connection.closeAndAwait();
            throw e;
        }
    }

    private final class PoolRound implements Round {

        private final SqlConnection connection;
        private final Transaction transaction;

        PoolRound(SqlConnection connection, Transaction transaction) {
            this.connection = connection;
            this.transaction = transaction;
        }

        @Override
        public Long lockPosition(String key) {
            connection.preparedQuery(sql.createPosition()).executeAndAwait(Tuple.of(key));
            RowSet<Row> position = connection.preparedQuery(sql.lockPosition()).executeAndAwait(Tuple.of(key));
            return position.size() == 0 ? null : position.iterator().next().getLong(0);
        }

        @Override
        public List<Message> changesAfter(long position, int limit) throws Exception {
            RowSet<Row> rows = connection.preparedQuery(sql.changesAfter()).executeAndAwait(Tuple.of(position, limit));
            List<Message> changes = new ArrayList<>(rows.size());
            for (Row change : rows) {
                changes.add(row.read(change));
            }
            return changes;
        }

        @Override
        public void movePosition(String key, long position) {
            connection.preparedQuery(sql.movePosition()).executeAndAwait(Tuple.of(position, key));
        }

        @Override
        public long lastSeq() {
            RowSet<Row> last = connection.preparedQuery(sql.lastSeq()).executeAndAwait();
            return last.iterator().next().getLong(0);
        }

        @Override
        public void commit() {
            transaction.commitAndAwait();
        }

        /**
         * A failed statement has already rolled the transaction back (the pool's transactions do that), and a broken
         * connection leaves nothing to roll back on the server, so a failure to roll back is not one: either way
         * nothing of the round is committed.
         */
        @Override
        public void rollback() {
            transaction.rollback().onFailure().recoverWithNull().await().indefinitely();
        }

        @Override
        public void close() {
            connection.closeAndAwait();
        }
    }
}
