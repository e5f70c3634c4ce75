package org.ssi.feed.kafka;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.List;
import javax.sql.DataSource;
import org.ssi.feed.kafka.OutboxRelay.ChangeRow;
import org.ssi.feed.kafka.OutboxRelay.Message;
import org.ssi.feed.kafka.OutboxRelay.OutboxSql;

/** An {@link Outbox} on a JDBC {@code DataSource}: the statements of {@link OutboxSql}, with {@code ?} parameters. */
public final class JdbcOutbox implements Outbox {

    private final OutboxSql sql;
    private final ChangeRow row;
    private final DataSource database;

    /**
     * @param sql the outbox's statements, JDBC style ({@code ?} parameters)
     * @param row how a row of {@code changesAfter} becomes a message
     * @param database where they run
     */
    public JdbcOutbox(OutboxSql sql, ChangeRow row, DataSource database) {
        this.sql = sql;
        this.row = row;
        this.database = database;
    }

    @Override
    public Round begin() throws Exception {
        Connection connection = database.getConnection();
        try {
            connection.setAutoCommit(false);
            return new JdbcRound(connection);
        } catch (Exception e) {
            connection.close();
            throw e;
        }
    }

    private final class JdbcRound implements Round {

        private final Connection connection;

        JdbcRound(Connection connection) {
            this.connection = connection;
        }

        @Override
        public Long lockPosition(String key) throws Exception {
            try (PreparedStatement create = connection.prepareStatement(sql.createPosition())) {
                create.setString(1, key);
                create.executeUpdate();
            }
            try (PreparedStatement lock = connection.prepareStatement(sql.lockPosition())) {
                lock.setString(1, key);
                try (ResultSet position = lock.executeQuery()) {
                    return position.next() ? position.getLong(1) : null;
                }
            }
        }

        @Override
        public List<Message> changesAfter(long position, int limit) throws Exception {
            List<Message> changes = new ArrayList<>();
            try (PreparedStatement read = connection.prepareStatement(sql.changesAfter())) {
                read.setLong(1, position);
                read.setInt(2, limit);
                try (ResultSet rows = read.executeQuery()) {
                    while (rows.next()) {
                        changes.add(row.read(rows));
                    }
                }
            }
            return changes;
        }

        @Override
        public void movePosition(String key, long position) throws Exception {
            try (PreparedStatement move = connection.prepareStatement(sql.movePosition())) {
                move.setLong(1, position);
                move.setString(2, key);
                move.executeUpdate();
            }
        }

        @Override
        public long lastSeq() throws Exception {
            try (PreparedStatement read = connection.prepareStatement(sql.lastSeq());
                    ResultSet last = read.executeQuery()) {
                last.next();
                return last.getLong(1);
            }
        }

        @Override
        public void commit() throws Exception {
            connection.commit();
        }

        @Override
        public void rollback() throws Exception {
            connection.rollback();
        }

        @Override
        public void close() throws Exception {
            connection.close();
        }
    }
}
