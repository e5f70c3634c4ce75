package org.ssi.activity;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.jboss.logmanager.ExtLogRecord;

/**
 * The lines written to the {@code ssi.audit} log while it is open: a handler attached to the category, as an operator's
 * log shipper would read it. Tests run in parallel with other writers, so they look for lines naming their own ids.
 */
final class AuditLog implements AutoCloseable {

    private final Logger logger = Logger.getLogger("ssi.audit");
    private final List<String> lines = new CopyOnWriteArrayList<>();
    private final Handler handler = new Handler() {
        @Override
        public void publish(LogRecord record) {
            lines.add(record instanceof ExtLogRecord ext ? ext.getFormattedMessage() : record.getMessage());
        }

        @Override
        public void flush() {}

        @Override
        public void close() {}
    };

    private AuditLog() {
        logger.addHandler(handler);
    }

    static AuditLog open() {
        return new AuditLog();
    }

    /** The lines written so far that contain every one of the fragments. */
    List<String> linesWith(String... fragments) {
        return lines.stream()
                .filter(line -> List.of(fragments).stream().allMatch(line::contains))
                .toList();
    }

    @Override
    public void close() {
        logger.removeHandler(handler);
    }
}
