package org.ssi.feed.kafka;

import java.util.List;
import org.ssi.feed.kafka.OutboxRelay.Message;

/**
 * Where an {@link OutboxRelay} reads a service's change feed and keeps its position: the few statements of a round,
 * all in one transaction. {@link JdbcOutbox} runs them on a JDBC {@code DataSource}, {@link PoolOutbox} on the Vert.x
 * reactive pool; the relay calls them on its own worker thread, never on an event loop.
 */
public interface Outbox {

    /** Opens a round: a connection with a transaction begun. */
    Round begin() throws Exception;

    /** One round's transaction; closing it gives its connection back (after {@link #commit} or {@link #rollback}). */
    interface Round extends AutoCloseable {

        /**
         * Inserts the relay's position row at 0 unless it is there, then answers the position, locked {@code for
         * update skip locked} until the transaction ends; null while another replica holds it.
         */
        Long lockPosition(String key) throws Exception;

        /** The changes after {@code position}, at most {@code limit}, in feed ({@code seq}) order. */
        List<Message> changesAfter(long position, int limit) throws Exception;

        /** Moves the relay's position. */
        void movePosition(String key, long position) throws Exception;

        /** The feed's last {@code seq}, 0 while it is empty. */
        long lastSeq() throws Exception;

        void commit() throws Exception;

        void rollback() throws Exception;

        @Override
        void close() throws Exception;
    }
}
