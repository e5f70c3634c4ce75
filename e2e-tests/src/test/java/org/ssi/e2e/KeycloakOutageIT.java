package org.ssi.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.math.BigDecimal;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.ssi.devstack.Http;
import org.ssi.devstack.IndustryCatalogue;
import org.ssi.devstack.Stack;

/**
 * Issue #13, Keycloak: the identity provider is killed (SIGKILL) while readers with tokens issued before, an ingestion
 * client and new logins go on; while it is down the gateway crashes too and starts again, without the provider's keys.
 * Through the gateway, no answer is a 500, and every answer that is not a success is 503 problem+json with
 * Retry-After; once Keycloak is started again, logins, reads and the whole scoring pipeline recover without
 * restarting any service.
 */
@Order(10)
class KeycloakOutageIT {

    private static final int MEMBERS = 12;
    private static final String INDUSTRY = "kc-outage";
    private static final Duration OUTAGE_BEFORE_RESTART = Duration.ofSeconds(20);
    private static final Duration RECOVERY_LIMIT = Duration.ofMinutes(3);
    /**
     * A gateway without the provider's keys tries to reach it for up to a minute (its OIDC connection delay) before
     * it answers 503: the clients wait longer than that.
     */
    private static final Duration ANSWER_LIMIT = Duration.ofMinutes(2);

    private static final HttpClient HTTP = ContractCheckedHttpClient.wrap(HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5))
            .build());

    private static Stack stack;
    private static String api;

    /** The phase the answers are counted in. */
    enum Phase {
        BEFORE,
        KEYCLOAK_DOWN,
        /** Keycloak still down, and the gateway killed and started again: it has no keys to check tokens with. */
        GATEWAY_RESTARTED,
        AFTER_RESTART
    }

    private static final AtomicReference<Phase> phase = new AtomicReference<>(Phase.BEFORE);
    /** "phase kind status" → count; status 0 is a refused connection. */
    private static final Map<String, AtomicInteger> counts = new ConcurrentHashMap<>();

    /** "phase kind status" → the longest wait for such an answer, in milliseconds. */
    private static final Map<String, Long> slowest = new ConcurrentHashMap<>();

    private static final List<String> violations = new CopyOnWriteArrayList<>();

    @BeforeAll
    static void joinTheSuite() throws Exception {
        stack = SharedStack.get();
        api = stack.config().gatewayUrl() + "/api/v1";
    }

    @Test
    void answers_503_never_500_while_keycloak_is_down_and_recovers_without_restarting_a_service() throws Exception {
        String ingest = ingestToken();
        String admin = Http.passwordToken(stack.config().realmUrl(), "root", "root");
        arrange(admin, ingest);
        awaitScored(admin, "kc-0", RECOVERY_LIMIT);
        awaitIndustryShown(admin, RECOVERY_LIMIT);

        AtomicBoolean running = new AtomicBoolean(true);
        List<Thread> load = List.of(
                new Thread(() -> read(admin, running), "kc-reader"),
                new Thread(() -> ingest(ingest, running), "kc-ingestion"),
                new Thread(() -> login(running), "kc-login"));
        load.forEach(Thread::start);
        try {
            sleep(5_000);
            phase.set(Phase.KEYCLOAK_DOWN);
            stack.kill("keycloak");
            sleep(OUTAGE_BEFORE_RESTART.toMillis());
            phase.set(Phase.GATEWAY_RESTARTED);
            stack.kill("gateway");
            stack.relaunch("gateway");
            awaitAnswer(503);
            sleep(5_000);
            stack.restart("keycloak");
            phase.set(Phase.AFTER_RESTART);
            awaitLogin();
            awaitGatewayReady();
            sleep(10_000);
        } finally {
            running.set(false);
            for (Thread thread : load) {
                thread.join(ANSWER_LIMIT.plusSeconds(30).toMillis());
            }
        }

        System.out.println("[keycloak-outage] answers by phase, kind and status (0 = connection refused): "
                + new TreeMap<>(counts) + "; the longest wait for each, in ms: " + new TreeMap<>(slowest));
        assertEquals(List.of(), violations, "answers other than 2xx, or 503 problem+json with Retry-After");
        assertEquals(0, total("500"), "no 500 in any phase");
        assertTrue(total(Phase.KEYCLOAK_DOWN + " login 0") > 0, "logins were tried while Keycloak was down");
        assertTrue(
                total(Phase.KEYCLOAK_DOWN + " read") + total(Phase.KEYCLOAK_DOWN + " ingest") > 0,
                "requests went on while Keycloak was down");
        assertTrue(total(Phase.GATEWAY_RESTARTED + " read 503") > 0, "the gateway without keys answered 503");

        // Recovered by itself: a token issued by the restarted Keycloak is accepted, and an event posted now is
        // stored, scored and ranked, which needs the services' own client-credentials tokens.
        String fresh = Http.passwordToken(stack.config().realmUrl(), "root", "root");
        HttpResponse<String> read = get(api + "/members/kc-1/ssi", fresh);
        assertEquals(200, read.statusCode(), read.body());
        String member = "kc-after-" + System.nanoTime();
        putMember(ingestToken(), member);
        post(ingestToken(), List.of(event(member + "-e", member, "POST_SHARED", 3)));
        awaitScored(fresh, member, RECOVERY_LIMIT);
    }

    // ---------------------------------------------------------------------------------------------------------------

    private static void arrange(String admin, String ingest) {
        // The ingest client names only catalogued industries: the admin registers the cohort's first.
        IndustryCatalogue.register(stack.config().gatewayUrl(), admin, List.of(INDUSTRY));
        for (int i = 0; i < MEMBERS; i++) {
            putMember(ingest, "kc-" + i);
        }
        List<String> events = new ArrayList<>();
        for (int i = 0; i < MEMBERS; i++) {
            events.add(event("kc-arrange-" + i, "kc-" + i, "PEOPLE_SEARCH", 1 + i));
        }
        post(ingest, events);
    }

    private static void putMember(String ingest, String id) {
        String body = """
                {"login": "%s", "displayName": "Outage %s", "industry": "%s", "seniority": "SENIOR",
                 "profile": {"photo": true, "headline": true}}""".formatted(id, id, INDUSTRY);
        HttpResponse<String> answer = send("PUT", api + "/members/" + id, ingest, body);
        assertTrue(answer.statusCode() / 100 == 2, "PUT member " + id + ": " + answer.body());
    }

    private static void post(String ingest, List<String> events) {
        HttpResponse<String> answer =
                send("POST", api + "/activities", ingest, "{\"events\": [" + String.join(",", events) + "]}");
        assertTrue(answer.statusCode() / 100 == 2, "POST activities: " + answer.body());
    }

    private static String event(String eventId, String memberId, String type, int count) {
        Instant at = Instant.now().minus(5, ChronoUnit.MINUTES).truncatedTo(ChronoUnit.SECONDS);
        return """
                {"eventId": "%s", "memberId": "%s", "type": "%s", "occurredAt": "%s", "count": %d, "attributes": {}}""".formatted(eventId, memberId, type, at, count);
    }

    /** Waits until the member's score through the gateway is above zero. */
    private static void awaitScored(String token, String member, Duration limit) {
        Instant deadline = Instant.now().plus(limit);
        String last = "";
        while (Instant.now().isBefore(deadline)) {
            HttpResponse<String> answer = get(api + "/members/" + member + "/ssi", token);
            if (answer != null) {
                last = answer.statusCode() + " " + answer.body();
                if (answer.statusCode() == 200 && score(answer.body()).compareTo(BigDecimal.ZERO) > 0) {
                    return;
                }
            }
            sleep(1_000);
        }
        fail(member + " was not scored within " + limit.toSeconds() + " s: " + last);
    }

    /**
     * Waits until the cohort's industry figures are shown: each member counts toward them once ranking-service has
     * their score, which may come after kc-0's, so a read before that is a 403 group-too-small, rightly.
     */
    private static void awaitIndustryShown(String token, Duration limit) {
        Instant deadline = Instant.now().plus(limit);
        String last = "";
        while (Instant.now().isBefore(deadline)) {
            HttpResponse<String> answer = get(api + "/industries/" + INDUSTRY + "/ssi", token);
            if (answer != null) {
                last = answer.statusCode() + " " + answer.body();
                if (answer.statusCode() == 200) {
                    return;
                }
            }
            sleep(1_000);
        }
        fail("the figures of " + INDUSTRY + " were not shown within " + limit.toSeconds() + " s: " + last);
    }

    private static BigDecimal score(String json) {
        try {
            return Http.JSON.readTree(json).get("score").decimalValue();
        } catch (IOException e) {
            throw new IllegalStateException("Not JSON: " + json, e);
        }
    }

    /** Waits until the gateway, started again, answers the reader's kind of request with the status. */
    private static void awaitAnswer(int status) {
        Instant deadline = Instant.now().plus(RECOVERY_LIMIT);
        while (Instant.now().isBefore(deadline)) {
            if (total(Phase.GATEWAY_RESTARTED + " read " + status) > 0) {
                return;
            }
            sleep(500);
        }
        fail("the gateway never answered " + status + " while Keycloak was down: " + new TreeMap<>(counts));
    }

    /** The gateway, started while Keycloak was down, becomes ready by itself once Keycloak is back. */
    private static void awaitGatewayReady() {
        Instant deadline = Instant.now().plus(RECOVERY_LIMIT);
        while (!Http.ok(stack.config().gatewayUrl() + "/q/health/ready")) {
            if (Instant.now().isAfter(deadline)) {
                fail("the gateway did not become ready after Keycloak's restart");
            }
            sleep(1_000);
        }
    }

    private static void awaitLogin() {
        Instant deadline = Instant.now().plus(RECOVERY_LIMIT);
        while (Instant.now().isBefore(deadline)) {
            try {
                Http.passwordToken(stack.config().realmUrl(), "root", "root");
                return;
            } catch (IllegalStateException e) {
                sleep(1_000);
            }
        }
        fail("no login after Keycloak's restart");
    }

    private static String ingestToken() {
        return Http.clientToken(
                stack.config().realmUrl(), "ssi-ingest", stack.secrets().ingest());
    }

    // ---------------------------------------------------------------------------------------------------------------
    // The load, with the tokens issued before the outage

    private static void read(String token, AtomicBoolean running) {
        for (long n = 0; running.get(); n++) {
            String url = n % 3 == 2
                    ? api + "/industries/" + INDUSTRY + "/ssi"
                    : api + "/members/kc-" + (n % MEMBERS) + "/ssi";
            Instant began = Instant.now();
            count("read", get(url, token), began);
            sleep(100);
        }
    }

    private static void ingest(String token, AtomicBoolean running) {
        for (long batch = 0; running.get(); batch++) {
            List<String> events = new ArrayList<>();
            for (int i = 0; i < 10; i++) {
                events.add(event("kc-load-" + batch + "-" + i, "kc-" + (i % MEMBERS), "MESSAGE_SENT", 1));
            }
            Instant began = Instant.now();
            count(
                    "ingest",
                    send("POST", api + "/activities", token, "{\"events\": [" + String.join(",", events) + "]}"),
                    began);
            sleep(500);
        }
    }

    /** A new login every two seconds, straight at Keycloak, as a browser or a CRM would. */
    private static void login(AtomicBoolean running) {
        while (running.get()) {
            try {
                Http.passwordToken(stack.config().realmUrl(), "root", "root");
                counts.computeIfAbsent(phase.get() + " login 200", k -> new AtomicInteger())
                        .incrementAndGet();
            } catch (IllegalStateException e) {
                counts.computeIfAbsent(phase.get() + " login 0", k -> new AtomicInteger())
                        .incrementAndGet();
            }
            sleep(2_000);
        }
    }

    /** Counts the answer, and notes it unless it is a 2xx or a 503 problem+json with Retry-After. */
    private static void count(String kind, HttpResponse<String> answer, Instant began) {
        Phase now = phase.get();
        int status = answer == null ? 0 : answer.statusCode();
        counts.computeIfAbsent(now + " " + kind + " " + status, k -> new AtomicInteger())
                .incrementAndGet();
        slowest.merge(
                now + " " + kind + " " + status,
                Duration.between(began, Instant.now()).toMillis(),
                Math::max);
        if (answer == null || status / 100 == 2) {
            return;
        }
        boolean problem = answer.headers().firstValue("Content-Type").orElse("").startsWith("application/problem+json");
        boolean retryAfter = answer.headers().firstValue("Retry-After").isPresent();
        if (status != 503 || !problem || !retryAfter) {
            violations.add(now + " " + kind + " " + answer.request().uri() + " → " + status + " "
                    + answer.headers().map() + " " + answer.body());
        }
    }

    private static long total(String prefixOrStatus) {
        return counts.entrySet().stream()
                .filter(e -> e.getKey().startsWith(prefixOrStatus) || e.getKey().endsWith(" " + prefixOrStatus))
                .mapToLong(e -> e.getValue().get())
                .sum();
    }

    private static HttpResponse<String> get(String url, String token) {
        return exchange(HttpRequest.newBuilder(URI.create(url))
                .header("Authorization", "Bearer " + token)
                .header("Accept", "application/json")
                .timeout(ANSWER_LIMIT)
                .GET()
                .build());
    }

    private static HttpResponse<String> send(String method, String url, String token, String body) {
        return exchange(HttpRequest.newBuilder(URI.create(url))
                .header("Authorization", "Bearer " + token)
                .header("Content-Type", "application/json")
                .header("Accept", "application/json")
                .timeout(ANSWER_LIMIT)
                .method(method, HttpRequest.BodyPublishers.ofString(body))
                .build());
    }

    /** The answer, or null when the connection failed: expected only while the gateway starts again. */
    private static HttpResponse<String> exchange(HttpRequest request) {
        try {
            return HTTP.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (HttpTimeoutException e) {
            violations.add(phase.get() + " " + request.method() + " " + request.uri() + " timed out");
            return null;
        } catch (IOException e) {
            if (phase.get() != Phase.GATEWAY_RESTARTED) {
                violations.add(phase.get() + " " + request.method() + " " + request.uri() + " failed: " + e);
            }
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
