package org.ssi.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.opentelemetry.proto.trace.v1.Span.SpanKind;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.ssi.devstack.Http;
import org.ssi.devstack.Http.Answer;
import org.ssi.devstack.Stack;
import org.ssi.e2e.TraceReceiver.ReceivedSpan;

/**
 * Issue #24, what an on-call engineer sees: one request through the gateway is one trace across the services it
 * reaches (the W3C trace context carried by the gateway's Vert.x client and the services' REST clients), and its
 * request id is in the answer, in the services' problems and in the gateway's log. A change the request makes is
 * applied downstream in spans linked to it: scoring-service applies the activity change in a span linked to the
 * request's trace, and ranking-service applies the resulting score change in a span linked to that one.
 */
@Order(6)
class TracesIT {

    private static final HttpClient CLIENT = ContractCheckedHttpClient.wrap(HttpClient.newHttpClient());
    private static final Set<String> SERVICES =
            Set.of("gateway", "activity-service", "scoring-service", "ranking-service");

    private static Stack stack;
    private static String api;
    private static String realm;
    private static TraceReceiver traces;

    @BeforeAll
    static void joinTheSuite() throws Exception {
        stack = SharedStack.get();
        traces = SharedStack.traces();
        api = stack.config().gatewayUrl() + "/api/v1";
        realm = stack.config().realmUrl();
    }

    @Test
    void an_admins_read_of_a_member_is_one_trace_from_the_gateway_through_ranking_to_activity() throws Exception {
        String member = "traced-" + UUID.randomUUID().toString().substring(0, 8);
        String root = Http.passwordToken(realm, "root", "root");
        Answer industry = Http.send("PUT", api + "/admin/industries/software", root, "{}");
        assertTrue(industry.status() == 200 || industry.status() == 201, industry.body());
        String ingest = Http.clientToken(realm, "ssi-ingest", stack.secrets().ingest());
        Answer put = Http.send(
                "PUT",
                api + "/members/" + member,
                ingest,
                "{\"login\": \"" + member + "\", \"displayName\": \"Traced\", \"industry\": \"software\"}");
        assertEquals(201, put.status(), put.body());
        awaitRanked(member, root);

        // No id offered: the gateway names the request by its trace.
        HttpResponse<String> read = get(api + "/members/" + member + "/ssi", root, Optional.empty());
        assertEquals(200, read.statusCode(), read.body());
        String traceId = read.headers().firstValue("X-Request-Id").orElseThrow();
        assertTrue(traceId.matches("[0-9a-f]{32}"), "the request id is the trace id: " + traceId);

        List<ReceivedSpan> trace = awaitTrace(traceId, TracesIT::reachesActivityThroughRanking);

        List<ReceivedSpan> roots =
                trace.stream().filter(span -> span.parentSpanId().isEmpty()).toList();
        assertEquals(1, roots.size(), "one root: " + trace);
        assertEquals("gateway", roots.get(0).service(), trace.toString());
        assertEquals(SpanKind.SPAN_KIND_SERVER, roots.get(0).kind(), trace.toString());
        for (ReceivedSpan span : trace) {
            if (span != roots.get(0)) {
                assertTrue(parentOf(span, trace).isPresent(), "the parent of " + span + " is in the trace: " + trace);
            }
            if (span.kind() == SpanKind.SPAN_KIND_SERVER && span != roots.get(0)) {
                ReceivedSpan caller = parentOf(span, trace).orElseThrow();
                assertEquals(SpanKind.SPAN_KIND_CLIENT, caller.kind(), span + " is called by a client span: " + trace);
                assertNotEquals(caller.service(), span.service(), span + " is called by another service");
            }
        }
        System.out.printf("[traces] one read, %d spans: %s%n", trace.size(), trace);
    }

    @Test
    void a_change_is_applied_by_scoring_and_then_ranking_in_spans_linked_back_to_the_request_that_made_it()
            throws Exception {
        String member = "linked-" + UUID.randomUUID().toString().substring(0, 8);
        String root = Http.passwordToken(realm, "root", "root");
        Answer industry = Http.send("PUT", api + "/admin/industries/software", root, "{}");
        assertTrue(industry.status() == 200 || industry.status() == 201, industry.body());
        String ingest = Http.clientToken(realm, "ssi-ingest", stack.secrets().ingest());

        String requestTrace = putMemberNamedByItsTrace(api, member, ingest);

        ReceivedSpan scored = traces.awaitLinkedSpan("scoring-service", "apply activity changes", requestTrace);
        assertNotEquals(requestTrace, scored.traceId(), "applied in a trace of its own, linked to the request's");
        assertTrue(
                Long.parseLong(scored.attributes().get("ssi.feed.entries")) >= 1,
                scored.attributes().toString());

        ReceivedSpan ranked = traces.awaitLinkedSpan("ranking-service", "apply score changes", scored.traceId());
        assertTrue(
                ranked.links().stream().anyMatch(link -> link.spanId().equals(scored.spanId())),
                "ranking links to the very span that scored the change: " + ranked.links() + " " + scored);
        System.out.printf("[traces] request %s -> %s -> %s%n", requestTrace, scored, ranked);
    }

    /**
     * Creates the member through the gateway with the ingest client's token, offering no request id, and answers the
     * request's trace id (the gateway's {@code X-Request-Id}).
     */
    static String putMemberNamedByItsTrace(String gatewayApi, String member, String ingestToken) throws Exception {
        HttpResponse<String> put = CLIENT.send(
                HttpRequest.newBuilder(URI.create(gatewayApi + "/members/" + member))
                        .header("Authorization", "Bearer " + ingestToken)
                        .header("Content-Type", "application/json")
                        .PUT(HttpRequest.BodyPublishers.ofString("{\"login\": \"" + member
                                + "\", \"displayName\": \"Linked\", \"industry\": \"software\"}"))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(201, put.statusCode(), put.body());
        String traceId = put.headers().firstValue("X-Request-Id").orElseThrow();
        assertTrue(traceId.matches("[0-9a-f]{32}"), "the request id is the trace id: " + traceId);
        return traceId;
    }

    @Test
    void a_request_id_goes_to_the_services_into_their_problems_and_into_the_gateways_log() throws Exception {
        String root = Http.passwordToken(realm, "root", "root");
        String id = "e2e-" + UUID.randomUUID();
        String nobody = "nobody-" + UUID.randomUUID().toString().substring(0, 8);

        HttpResponse<String> read = get(api + "/members/" + nobody + "/ssi", root, Optional.of(id));
        assertEquals(404, read.statusCode(), read.body());
        assertEquals(id, read.headers().firstValue("X-Request-Id").orElse(null));
        // The 404 is the problem of scoring- or ranking-service, relayed unchanged: the id reached the service.
        assertEquals(id, Http.JSON.readTree(read.body()).path("requestId").asText(), read.body());

        Path log = stack.config().home().resolve("logs").resolve("gateway.log");
        Instant deadline = Instant.now().plus(Duration.ofSeconds(30));
        while (Files.readAllLines(log).stream()
                .noneMatch(line -> line.contains("[ssi.audit]") && line.contains(id) && line.contains(nobody))) {
            if (Instant.now().isAfter(deadline)) {
                fail("no audit line with the request id " + id + " in " + log);
            }
            Thread.sleep(200);
        }
    }

    private static HttpResponse<String> get(String url, String token, Optional<String> requestId) throws Exception {
        HttpRequest.Builder request =
                HttpRequest.newBuilder(URI.create(url)).header("Authorization", "Bearer " + token);
        requestId.ifPresent(id -> request.header("X-Request-Id", id));
        return CLIENT.send(request.GET().build(), HttpResponse.BodyHandlers.ofString());
    }

    /** Until the member is scored and ranked (the change feeds carry a new member to both). */
    private static void awaitRanked(String member, String token) throws InterruptedException {
        Instant deadline = Instant.now().plus(Duration.ofMinutes(3));
        Answer answer;
        while ((answer = Http.get(api + "/members/" + member + "/ssi", token)).status() != 200) {
            if (Instant.now().isAfter(deadline)) {
                fail(member + " is not ranked: " + answer.status() + " " + answer.body());
            }
            Thread.sleep(500);
        }
    }

    /**
     * Until the spans of the trace received so far are complete (each service sends its own every second, so a span
     * may come before its parent), or a minute has passed.
     */
    private static List<ReceivedSpan> awaitTrace(String traceId, Predicate<List<ReceivedSpan>> complete)
            throws InterruptedException {
        Instant deadline = Instant.now().plus(Duration.ofMinutes(1));
        List<ReceivedSpan> trace = traces.trace(traceId);
        while (!complete.test(trace)) {
            if (Instant.now().isAfter(deadline)) {
                fail("the trace " + traceId + " is incomplete: " + trace);
            }
            Thread.sleep(250);
            trace = traces.trace(traceId);
        }
        return trace;
    }

    /**
     * Whether the spans received hold a server span of every service, the parent of every span but the root, and
     * activity-service called by ranking-service's REST client (for the member's connections) within the trace.
     */
    private static boolean reachesActivityThroughRanking(List<ReceivedSpan> spans) {
        boolean everyService = servers(spans).keySet().containsAll(SERVICES);
        boolean everyParent = spans.stream()
                .allMatch(span ->
                        span.parentSpanId().isEmpty() || parentOf(span, spans).isPresent());
        boolean rankingCallsActivity = spans.stream()
                .filter(span -> span.service().equals("activity-service") && span.kind() == SpanKind.SPAN_KIND_SERVER)
                .map(span -> parentOf(span, spans))
                .flatMap(Optional::stream)
                .anyMatch(parent ->
                        parent.service().equals("ranking-service") && parent.kind() == SpanKind.SPAN_KIND_CLIENT);
        return everyService && everyParent && rankingCallsActivity;
    }

    private static Map<String, List<ReceivedSpan>> servers(List<ReceivedSpan> spans) {
        return spans.stream()
                .filter(span -> span.kind() == SpanKind.SPAN_KIND_SERVER)
                .collect(Collectors.groupingBy(ReceivedSpan::service));
    }

    private static Optional<ReceivedSpan> parentOf(ReceivedSpan span, List<ReceivedSpan> spans) {
        return spans.stream()
                .filter(other -> other.spanId().equals(span.parentSpanId()))
                .findFirst();
    }
}
