package org.ssi.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.Socket;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.ssi.devstack.ApiEndpoints;
import org.ssi.devstack.ApiEndpoints.Endpoint;
import org.ssi.devstack.Http;
import org.ssi.devstack.Http.Answer;
import org.ssi.devstack.Stack;

/**
 * Issue #20, the internal services trust only services, against the real Keycloak: a rep's token (alice) and the
 * ingest client's, replayed straight at activity-, scoring- and ranking-service, are refused (401 or 403
 * problem+json) on every endpoint of each service's own OpenAPI document, with the path parameters set to real ids;
 * the gateway, which calls the services with its own token, still answers them; and the services listen on loopback
 * only.
 */
@Order(5)
class InternalServicesIT {

    private static final List<String> SERVICES = List.of("activity-service", "scoring-service", "ranking-service");

    /** Real ids of the demo organisation for the path parameters; {@code alice} for any other. */
    private static final Map<String, String> PATH_VALUES = Map.of(
            "memberId", "alice",
            "login", "alice",
            "teamId", "emea-enterprise",
            "code", "software",
            "version", "1",
            "id", "1");

    private static Stack stack;
    private static String api;
    private static String realm;

    @BeforeAll
    static void joinTheSuite() throws Exception {
        stack = SharedStack.get();
        api = stack.config().gatewayUrl() + "/api/v1";
        realm = stack.config().realmUrl();
    }

    @Test
    void a_rep_and_the_ingest_client_are_refused_on_every_endpoint_of_the_internal_services() {
        Map<String, String> tokens = new LinkedHashMap<>();
        tokens.put("alice (rep)", Http.passwordToken(realm, "alice", "alice"));
        tokens.put(
                "the ingest client",
                Http.clientToken(realm, "ssi-ingest", stack.secrets().ingest()));
        List<String> answered = new ArrayList<>();
        int tried = 0;
        for (String service : SERVICES) {
            String url = stack.urls().get(service);
            List<Endpoint> endpoints = endpoints(url);
            assertTrue(endpoints.size() >= 3, service + " documents its endpoints: " + endpoints);
            for (Endpoint endpoint : endpoints) {
                for (Map.Entry<String, String> token : tokens.entrySet()) {
                    Answer answer = call(url, endpoint, Map.of("Authorization", "Bearer " + token.getValue()));
                    tried++;
                    if (!refused(answer)) {
                        answered.add(service + " " + endpoint + " for " + token.getKey() + ": " + answer.status() + " "
                                + answer.body());
                    }
                }
            }
        }
        System.out.printf("[internal] %d calls of a rep and the ingest client straight at the services%n", tried);
        assertEquals(List.of(), answered, "calls not refused with 401 or 403 problem+json");
    }

    @Test
    void the_gateway_still_answers_alice_and_the_ingest_client() throws Exception {
        String alice = Http.passwordToken(realm, "alice", "alice");
        String ingest = Http.clientToken(realm, "ssi-ingest", stack.secrets().ingest());
        if (Http.get(api + "/me/ssi", alice).status() == 404) {
            // Run on its own, the suite has no directory yet: alice joins it (SuiteEndToEndIT does, in the suite).
            Answer put = Http.send(
                    "PUT",
                    api + "/members/alice",
                    ingest,
                    "{\"login\": \"alice\", \"displayName\": \"Alice\", \"industry\": \"software\"}");
            assertEquals(201, put.status(), put.body());
        }
        Answer me = awaitOk(api + "/me/ssi", alice);
        assertEquals("alice", me.json().get("memberId").asText());
        assertEquals(200, Http.get(api + "/me/ssi/history", alice).status());
        assertEquals(200, Http.get(api + "/me/ssi/explanation", alice).status());
        // The ingest client's empty batch reaches activity-service, which judges it as the ingest client: 422, not 403.
        Answer empty = Http.send("POST", api + "/activities", ingest, "{\"events\": []}");
        assertEquals(422, empty.status(), empty.body());
    }

    @Test
    void the_internal_services_listen_on_loopback_only() throws IOException {
        InetAddress outside = nonLoopbackAddress();
        assumeTrue(outside != null, "this machine has an address other than loopback");
        for (String service : SERVICES) {
            int port = URI.create(stack.urls().get(service)).getPort();
            try (Socket socket = new Socket()) {
                socket.connect(new InetSocketAddress(outside, port), 2_000);
                throw new AssertionError(service + " answers on " + outside + ":" + port);
            } catch (IOException refused) {
                // Nothing listens there: only loopback is bound.
            }
        }
        int gateway = stack.config().gatewayPort();
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(outside, gateway), 2_000);
            assertTrue(socket.isConnected(), "the gateway stays on every interface");
        }
    }

    private static List<Endpoint> endpoints(String serviceUrl) {
        Answer document = Http.get(serviceUrl + "/q/openapi?format=json", null);
        assertEquals(200, document.status(), serviceUrl + "/q/openapi: " + document.body());
        return ApiEndpoints.of(document.json(), PATH_VALUES, "alice");
    }

    private static Answer call(String serviceUrl, Endpoint endpoint, Map<String, String> headers) {
        String body =
                endpoint.contentType() == null ? null : endpoint.contentType().contains("json") ? "{}" : "x";
        return Http.request(endpoint.method(), serviceUrl + endpoint.path(), headers, endpoint.contentType(), body);
    }

    /** A 401 or 403 whose body is a problem detail of that status. */
    private static boolean refused(Answer answer) {
        if (answer.status() != 401 && answer.status() != 403) {
            return false;
        }
        try {
            JsonNode problem = answer.json();
            return problem.path("status").asInt() == answer.status() && problem.hasNonNull("type");
        } catch (IllegalStateException notJson) {
            return false;
        }
    }

    private static Answer awaitOk(String url, String token) throws InterruptedException {
        Instant deadline = Instant.now().plus(Duration.ofMinutes(2));
        Answer answer = Http.get(url, token);
        while (answer.status() != 200 && Instant.now().isBefore(deadline)) {
            Thread.sleep(1_000);
            answer = Http.get(url, token);
        }
        assertEquals(200, answer.status(), url + ": " + answer.body());
        return answer;
    }

    private static InetAddress nonLoopbackAddress() throws IOException {
        for (NetworkInterface network : Collections.list(NetworkInterface.getNetworkInterfaces())) {
            if (!network.isUp() || network.isLoopback()) {
                continue;
            }
            for (InetAddress address : Collections.list(network.getInetAddresses())) {
                if (address instanceof Inet4Address && !address.isLoopbackAddress()) {
                    return address;
                }
            }
        }
        return null;
    }
}
