package org.ssi.e2e;

import static org.junit.jupiter.api.Assertions.fail;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceResponse;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.opentelemetry.proto.trace.v1.ScopeSpans;
import io.opentelemetry.proto.trace.v1.Span;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.zip.GZIPInputStream;

/**
 * An OTLP/HTTP trace receiver in the test JVM, standing in for a collector: the services export their spans to it as
 * protobuf {@code ExportTraceServiceRequest}s on {@code POST /v1/traces}, and it keeps them for the tests to read.
 */
final class TraceReceiver implements AutoCloseable {

    /** One span as received, its ids in lower-case hex (empty for no parent), and the spans it links to. */
    record ReceivedSpan(
            String service,
            String traceId,
            String spanId,
            String parentSpanId,
            String name,
            Span.SpanKind kind,
            Map<String, String> attributes,
            List<LinkedSpan> links) {

        /** Whether the span links to a span of the trace. */
        boolean linksTo(String linkedTraceId) {
            return links.stream().anyMatch(link -> link.traceId().equals(linkedTraceId));
        }

        @Override
        public String toString() {
            return service + " " + kind + " " + name + " " + spanId + " <- " + parentSpanId;
        }
    }

    /** A span link: the trace and span linked to, in lower-case hex. */
    record LinkedSpan(String traceId, String spanId) {}

    private static final HexFormat HEX = HexFormat.of();

    /**
     * The most spans kept: the feeds' polls and the other test classes make spans all through the suite, and a test
     * looks only at the trace it has just made.
     */
    private static final int KEPT = 50_000;

    private final HttpServer server;
    private final ConcurrentLinkedQueue<ReceivedSpan> spans = new ConcurrentLinkedQueue<>();
    private final AtomicInteger count = new AtomicInteger();

    private TraceReceiver(HttpServer server) {
        this.server = server;
    }

    static TraceReceiver start() throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        TraceReceiver receiver = new TraceReceiver(server);
        server.createContext("/v1/traces", receiver::receive);
        server.start();
        return receiver;
    }

    /** The base address to give the services (they post to {@code /v1/traces} under it). */
    String endpoint() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    /** The spans received so far of one trace. */
    List<ReceivedSpan> trace(String traceId) {
        return spans.stream().filter(span -> span.traceId().equals(traceId)).toList();
    }

    /** The spans received so far, of any trace, that link to a span of the trace. */
    List<ReceivedSpan> linkingTo(String traceId) {
        return spans.stream().filter(span -> span.linksTo(traceId)).toList();
    }

    /** Until a span of the service by that name that links to the trace has come, or three minutes have passed. */
    ReceivedSpan awaitLinkedSpan(String service, String name, String linkedTraceId) throws InterruptedException {
        Instant deadline = Instant.now().plus(Duration.ofMinutes(3));
        while (true) {
            Optional<ReceivedSpan> linked = linkingTo(linkedTraceId).stream()
                    .filter(span ->
                            span.service().equals(service) && span.name().equals(name))
                    .findFirst();
            if (linked.isPresent()) {
                return linked.get();
            }
            if (Instant.now().isAfter(deadline)) {
                fail("no " + service + " span '" + name + "' links to the trace " + linkedTraceId + "; linking to it: "
                        + linkingTo(linkedTraceId) + "; its spans: " + trace(linkedTraceId));
            }
            Thread.sleep(250);
        }
    }

    private void receive(HttpExchange exchange) throws IOException {
        try (exchange) {
            if (!"POST".equals(exchange.getRequestMethod())) {
                exchange.sendResponseHeaders(405, -1);
                return;
            }
            InputStream body = exchange.getRequestBody();
            if ("gzip".equalsIgnoreCase(exchange.getRequestHeaders().getFirst("Content-Encoding"))) {
                body = new GZIPInputStream(body);
            }
            ExportTraceServiceRequest request = ExportTraceServiceRequest.parseFrom(body);
            for (ResourceSpans resource : request.getResourceSpansList()) {
                String service =
                        attributes(resource.getResource().getAttributesList()).getOrDefault("service.name", "?");
                for (ScopeSpans scope : resource.getScopeSpansList()) {
                    for (Span span : scope.getSpansList()) {
                        keep(new ReceivedSpan(
                                service,
                                HEX.formatHex(span.getTraceId().toByteArray()),
                                HEX.formatHex(span.getSpanId().toByteArray()),
                                HEX.formatHex(span.getParentSpanId().toByteArray()),
                                span.getName(),
                                span.getKind(),
                                attributes(span.getAttributesList()),
                                links(span.getLinksList())));
                    }
                }
            }
            byte[] answer = ExportTraceServiceResponse.getDefaultInstance().toByteArray();
            exchange.getResponseHeaders().add("Content-Type", "application/x-protobuf");
            exchange.sendResponseHeaders(200, answer.length == 0 ? -1 : answer.length);
            if (answer.length > 0) {
                exchange.getResponseBody().write(answer);
            }
        }
    }

    private void keep(ReceivedSpan span) {
        spans.add(span);
        if (count.incrementAndGet() > KEPT && spans.poll() != null) {
            count.decrementAndGet();
        }
    }

    private static List<LinkedSpan> links(List<Span.Link> links) {
        return links.stream()
                .map(link -> new LinkedSpan(
                        HEX.formatHex(link.getTraceId().toByteArray()),
                        HEX.formatHex(link.getSpanId().toByteArray())))
                .toList();
    }

    private static Map<String, String> attributes(List<KeyValue> values) {
        Map<String, String> attributes = new LinkedHashMap<>();
        for (KeyValue value : values) {
            var any = value.getValue();
            attributes.put(
                    value.getKey(),
                    switch (any.getValueCase()) {
                        case STRING_VALUE -> any.getStringValue();
                        case INT_VALUE -> Long.toString(any.getIntValue());
                        case BOOL_VALUE -> Boolean.toString(any.getBoolValue());
                        case DOUBLE_VALUE -> Double.toString(any.getDoubleValue());
                        default -> any.toString();
                    });
        }
        return attributes;
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
