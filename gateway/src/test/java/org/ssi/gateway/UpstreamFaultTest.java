package org.ssi.gateway;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.quarkus.test.oidc.server.OidcWiremockTestResource;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.ssi.devstack.TestTokens;

/**
 * Real servers behind the gateway that misbehave: ranking-service accepts connections and never answers,
 * scoring-service answers 500 until told otherwise, activity-service is a closed port. Each gives 503 problem+json with
 * Retry-After, never a 500 and never a wait beyond the timeout; a failing service's breaker opens without touching the
 * others, and closes again once the service recovers.
 */
@QuarkusTest
@ExtendWith(ContractValidation.class)
@QuarkusTestResource(OidcWiremockTestResource.class)
@TestProfile(UpstreamFaultTest.Misbehaving.class)
class UpstreamFaultTest {

    static final int RANKING_PORT = TestPorts.reserved("hanging-ranking");
    static final int SCORING_PORT = TestPorts.reserved("failing-scoring");
    static HangingServer RANKING;
    static FailingServer SCORING;

    /** Short timeout, and a breaker that opens after three failures in four calls and waits four seconds. */
    public static class Misbehaving implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of(
                    "ssi.services.ranking", "http://127.0.0.1:" + RANKING_PORT,
                    "ssi.services.scoring", "http://127.0.0.1:" + SCORING_PORT,
                    "ssi.services.activity", "http://127.0.0.1:9",
                    "ssi.upstream.timeout", "1s",
                    "ssi.upstream.retry-after", "7s",
                    "ssi.upstream.circuit-breaker.request-volume-threshold", "4",
                    "ssi.upstream.circuit-breaker.failure-ratio", "0.75",
                    "ssi.upstream.circuit-breaker.delay", "4s");
        }
    }

    @BeforeAll
    static void startServers() {
        RANKING = new HangingServer(RANKING_PORT);
        SCORING = new FailingServer(SCORING_PORT);
    }

    @AfterAll
    static void stopServers() {
        RANKING.close();
        SCORING.close();
    }

    @Test
    void answers_503_when_a_service_does_not_answer_in_time() {
        given().auth()
                .oauth2(TestTokens.token("ana", "analyst"))
                .get("/api/v1/industries/software/ssi")
                .then()
                .statusCode(503)
                .contentType("application/problem+json")
                .header("Retry-After", "7")
                .body("type", equalTo("urn:ssi:problem:unavailable"))
                .body("service", equalTo("ranking-service"))
                .body("detail", containsString("in time"));
    }

    @Test
    void answers_503_when_a_service_cannot_be_reached() {
        given().auth()
                .oauth2(TestTokens.token("root", "admin"))
                .get("/api/v1/members/m-1")
                .then()
                .statusCode(503)
                .contentType("application/problem+json")
                .header("Retry-After", "7")
                .body("service", equalTo("activity-service"));
    }

    @Test
    void opens_the_breaker_of_a_failing_service_only_and_closes_it_once_the_service_recovers() {
        String root = TestTokens.token("root", "admin");
        SCORING.failing.set(true);
        int calls = 0;
        String detail = "";
        while (!detail.contains("paused") && calls < 20) {
            var answer = given().auth().oauth2(root).post("/api/v1/admin/rollover");
            assertEquals(503, answer.statusCode(), answer.asString());
            assertEquals("application/problem+json", answer.contentType());
            detail = answer.path("detail");
            calls++;
        }
        assertTrue(detail.contains("paused"), "the breaker opened: " + detail);
        int seen = SCORING.requests();
        given().auth()
                .oauth2(root)
                .post("/api/v1/admin/rollover")
                .then()
                .statusCode(503)
                .header("Retry-After", "4")
                .body("service", equalTo("scoring-service"));
        assertEquals(seen, SCORING.requests(), "no call reaches a service while its breaker is open");

        given().auth()
                .oauth2(TestTokens.token("ana", "analyst"))
                .get("/api/v1/industries/software/ssi")
                .then()
                .statusCode(503)
                .body("detail", containsString("in time"));

        SCORING.failing.set(false);
        Instant deadline = Instant.now().plus(Duration.ofSeconds(30));
        int status = 0;
        while (status != 200 && Instant.now().isBefore(deadline)) {
            status = given().auth().oauth2(root).post("/api/v1/admin/rollover").statusCode();
            if (status != 200) {
                assertEquals(503, status);
                sleep(200);
            }
        }
        assertEquals(200, status, "the breaker let a trial call through and closed");
        given().auth()
                .oauth2(root)
                .post("/api/v1/admin/rollover")
                .then()
                .statusCode(200)
                .body("rescored", equalTo(0));
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Accepts connections and never answers. */
    static final class HangingServer implements AutoCloseable {
        private final ServerSocket server;
        private final List<Socket> held = new CopyOnWriteArrayList<>();

        HangingServer(int port) {
            try {
                server = new ServerSocket(port, 50, java.net.InetAddress.getLoopbackAddress());
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            Thread acceptor = new Thread(this::accept, "hanging-server");
            acceptor.setDaemon(true);
            acceptor.start();
        }

        private void accept() {
            while (!server.isClosed()) {
                try {
                    held.add(server.accept());
                } catch (IOException e) {
                    return;
                }
            }
        }

        int port() {
            return server.getLocalPort();
        }

        int connections() {
            return held.size();
        }

        @Override
        public void close() {
            try {
                server.close();
                for (Socket socket : held) {
                    socket.close();
                }
            } catch (IOException ignored) {
                // closing anyway
            }
        }
    }

    /** Answers 500 while failing, else a rollover's JSON. */
    static final class FailingServer implements AutoCloseable {
        final AtomicBoolean failing = new AtomicBoolean(true);
        private final AtomicInteger requests = new AtomicInteger();
        private final HttpServer server;

        FailingServer(int port) {
            try {
                server = HttpServer.create(new InetSocketAddress(java.net.InetAddress.getLoopbackAddress(), port), 0);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            server.createContext("/", exchange -> {
                requests.incrementAndGet();
                byte[] body = failing.get()
                        ? "{\"oops\": true}".getBytes(StandardCharsets.UTF_8)
                        : "{\"day\": \"2026-11-25\", \"rescored\": 0, \"carriedForward\": 0, \"expired\": 0}"
                                .getBytes(StandardCharsets.UTF_8);
                exchange.getResponseHeaders().add("Content-Type", "application/json");
                exchange.sendResponseHeaders(failing.get() ? 500 : 200, body.length);
                exchange.getResponseBody().write(body);
                exchange.close();
            });
            server.start();
        }

        int port() {
            return server.getAddress().getPort();
        }

        int requests() {
            return requests.get();
        }

        @Override
        public void close() {
            server.stop(0);
        }
    }
}
