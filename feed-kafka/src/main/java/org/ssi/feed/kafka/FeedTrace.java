package org.ssi.feed.kafka;

import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanBuilder;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.TraceFlags;
import io.opentelemetry.api.trace.TraceState;
import io.opentelemetry.api.trace.Tracer;
import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.Optional;
import java.util.Set;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;

/**
 * How a change feed carries the trace of the request that made each change: the writer stores the W3C
 * {@code traceparent} of its current span with the entry (null when tracing is off), the HTTP pages and the Kafka
 * records (header {@value #HEADER}) carry it, and a reader applies a page or poll in a span of its own that links to
 * the entries' traces. Links rather than parents, since one apply serves changes of many requests. With the
 * OpenTelemetry SDK disabled the entries carry nothing and the spans are the API's no-ops.
 */
public final class FeedTrace {

    /** The Kafka record header (and JSON member) that holds an entry's traceparent. */
    public static final String HEADER = "traceparent";

    /** The most links one apply span carries: a page of a thousand changes still makes a small span. */
    public static final int MAX_LINKS = 32;

    /** The span attribute with the number of feed entries the span applied. */
    public static final String ENTRIES_ATTRIBUTE = "ssi.feed.entries";

    private FeedTrace() {}

    /** The traceparent of the current span, null when there is none or tracing is off. */
    public static String current() {
        return traceparent(Span.current().getSpanContext());
    }

    /** {@code 00-<trace id>-<span id>-<flags>}, null for an invalid (no-op) context. */
    public static String traceparent(SpanContext context) {
        if (!context.isValid()) {
            return null;
        }
        return "00-" + context.getTraceId() + "-" + context.getSpanId() + "-"
                + context.getTraceFlags().asHex();
    }

    /** The span context a traceparent names; empty for null or anything that is not a valid version-00 value. */
    public static Optional<SpanContext> parse(String traceparent) {
        if (traceparent == null || traceparent.length() != 55) {
            return Optional.empty();
        }
        String[] parts = traceparent.split("-", -1);
        if (parts.length != 4 || !parts[0].equals("00") || !isHex(parts[3])) {
            return Optional.empty();
        }
        SpanContext context = SpanContext.createFromRemoteParent(
                parts[1], parts[2], TraceFlags.fromHex(parts[3], 0), TraceState.getDefault());
        return context.isValid() ? Optional.of(context) : Optional.empty();
    }

    /**
     * Starts the span in which a reader applies feed entries, linked to the distinct traces of their traceparents
     * (at most {@value #MAX_LINKS}); the caller ends it once the entries are stored.
     */
    public static Span startApplying(Tracer tracer, String name, Iterable<String> traceparents, int entries) {
        SpanBuilder span =
                tracer.spanBuilder(name).setSpanKind(SpanKind.CONSUMER).setAttribute(ENTRIES_ATTRIBUTE, (long) entries);
        Set<String> linked = new HashSet<>();
        for (String traceparent : traceparents) {
            if (linked.size() == MAX_LINKS) {
                break;
            }
            Optional<SpanContext> context = parse(traceparent);
            if (context.isPresent() && linked.add(traceparent)) {
                span.addLink(context.get());
            }
        }
        return span.startSpan();
    }

    /** Ends an apply span, marked as failed with the failure when there is one. */
    public static void end(Span span, Throwable failure) {
        if (failure != null) {
            span.recordException(failure);
            span.setStatus(StatusCode.ERROR);
        }
        span.end();
    }

    /** The traceparent a record carries in its {@value #HEADER} header, null when it has none. */
    public static String of(ConsumerRecord<?, ?> record) {
        Header header = record.headers().lastHeader(HEADER);
        return header == null || header.value() == null ? null : new String(header.value(), StandardCharsets.US_ASCII);
    }

    private static boolean isHex(String value) {
        return value.length() == 2 && value.chars().allMatch(c -> Character.digit(c, 16) >= 0);
    }
}
