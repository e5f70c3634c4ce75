package org.ssi.feed.kafka;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.Scope;
import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.LinkData;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ThreadLocalRandom;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The traceparent of a feed entry, and the apply spans linked to the entries' traces, on the real SDK. */
class FeedTraceTest {

    private final ConcurrentLinkedQueue<SpanData> ended = new ConcurrentLinkedQueue<>();
    private final SdkTracerProvider provider = SdkTracerProvider.builder()
            .addSpanProcessor(SimpleSpanProcessor.create(new Recorder()))
            .build();
    private final Tracer tracer = provider.get("feed-trace-test");

    @AfterEach
    void close() {
        provider.close();
    }

    @Test
    void a_traceparent_is_the_w3c_form_of_the_current_span_and_reads_back_to_it() {
        assertNull(FeedTrace.current(), "no span, no traceparent");
        Span request = tracer.spanBuilder("request").startSpan();
        try (Scope scope = request.makeCurrent()) {
            String traceparent = FeedTrace.current();
            assertEquals(
                    "00-" + request.getSpanContext().getTraceId() + "-"
                            + request.getSpanContext().getSpanId() + "-01",
                    traceparent);
            SpanContext read = FeedTrace.parse(traceparent).orElseThrow();
            assertEquals(request.getSpanContext().getTraceId(), read.getTraceId());
            assertEquals(request.getSpanContext().getSpanId(), read.getSpanId());
            assertTrue(read.isSampled());
        } finally {
            request.end();
        }
    }

    @Test
    void reads_no_context_from_what_is_not_a_traceparent() {
        for (String wrong : new String[] {
            null,
            "",
            "00-" + hex(32) + "-" + hex(16),
            "01-" + hex(32) + "-" + hex(16) + "-01",
            "00-" + "0".repeat(32) + "-" + hex(16) + "-01",
            "00-" + hex(32) + "-" + "0".repeat(16) + "-01",
            "00-" + hex(31) + "x-" + hex(16) + "-01",
            "00-" + hex(32) + "-" + hex(16) + "-zz"
        }) {
            assertTrue(FeedTrace.parse(wrong).isEmpty(), "not a traceparent: " + wrong);
        }
    }

    @Test
    void an_apply_span_links_to_each_distinct_trace_up_to_the_cap_and_skips_entries_made_untraced() {
        List<String> traceparents = new ArrayList<>();
        for (int i = 0; i < FeedTrace.MAX_LINKS + 8; i++) {
            String traceparent = "00-" + hex(32) + "-" + hex(16) + "-01";
            traceparents.add(traceparent);
            traceparents.add(traceparent); // a request that changed two members
            traceparents.add(null); // a change made untraced
        }

        FeedTrace.end(FeedTrace.startApplying(tracer, "apply test changes", traceparents, traceparents.size()), null);

        SpanData span = ended.stream()
                .filter(s -> s.getName().equals("apply test changes"))
                .findFirst()
                .orElseThrow();
        assertEquals(FeedTrace.MAX_LINKS, span.getLinks().size(), "capped");
        Set<String> linked = span.getLinks().stream()
                .map(LinkData::getSpanContext)
                .map(FeedTrace::traceparent)
                .collect(Collectors.toSet());
        assertEquals(FeedTrace.MAX_LINKS, linked.size(), "each trace once");
        assertTrue(traceparents.containsAll(linked));
        assertEquals(
                traceparents.subList(0, FeedTrace.MAX_LINKS * 3).stream()
                        .filter(t -> t != null)
                        .collect(Collectors.toSet()),
                linked,
                "the first ones, in feed order");
        assertEquals(
                (long) traceparents.size(),
                span.getAttributes()
                        .get(io.opentelemetry.api.common.AttributeKey.longKey(FeedTrace.ENTRIES_ATTRIBUTE)));
        assertFalse(span.getParentSpanContext().isValid(), "a trace of its own");
    }

    @Test
    void a_failed_apply_ends_its_span_as_an_error() {
        FeedTrace.end(
                FeedTrace.startApplying(tracer, "apply failing changes", List.of(), 1),
                new IllegalStateException("the database is gone"));

        SpanData span = ended.stream()
                .filter(s -> s.getName().equals("apply failing changes"))
                .findFirst()
                .orElseThrow();
        assertEquals(StatusCode.ERROR, span.getStatus().getStatusCode());
        assertEquals("exception", span.getEvents().get(0).getName());
    }

    @Test
    void without_an_sdk_the_span_is_a_no_op_and_carries_no_traceparent() {
        Tracer noop = OpenTelemetry.noop().getTracer("off");
        Span span = FeedTrace.startApplying(noop, "apply", List.of("00-" + hex(32) + "-" + hex(16) + "-01"), 1);
        try (Scope scope = Context.current().with(span).makeCurrent()) {
            assertNull(FeedTrace.traceparent(span.getSpanContext()));
            assertNull(FeedTrace.current());
        }
        FeedTrace.end(span, null);
    }

    @Test
    void reads_the_traceparent_header_of_a_record() {
        String traceparent = "00-" + hex(32) + "-" + hex(16) + "-01";
        ConsumerRecord<String, String> traced = new ConsumerRecord<>("t", 0, 0, "m", "{}");
        traced.headers().add(FeedTrace.HEADER, traceparent.getBytes(java.nio.charset.StandardCharsets.US_ASCII));

        assertEquals(traceparent, FeedTrace.of(traced));
        assertNull(FeedTrace.of(new ConsumerRecord<>("t", 0, 1, "m", "{}")));
    }

    private static String hex(int digits) {
        StringBuilder hex = new StringBuilder(digits);
        while (hex.length() < digits) {
            hex.append(Character.forDigit(ThreadLocalRandom.current().nextInt(16), 16));
        }
        return hex.toString();
    }

    private final class Recorder implements SpanExporter {

        @Override
        public CompletableResultCode export(Collection<SpanData> spans) {
            ended.addAll(spans);
            return CompletableResultCode.ofSuccess();
        }

        @Override
        public CompletableResultCode flush() {
            return CompletableResultCode.ofSuccess();
        }

        @Override
        public CompletableResultCode shutdown() {
            return CompletableResultCode.ofSuccess();
        }
    }
}
