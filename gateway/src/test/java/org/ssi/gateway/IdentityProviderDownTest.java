package org.ssi.gateway;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.notNullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.sun.net.httpserver.HttpServer;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.ssi.devstack.TestTokens;

/**
 * The identity provider is down when the gateway starts: requests with a token get 503 problem+json with
 * Retry-After, not 500 nor 401; once the provider answers (here a real HTTP server publishing the discovery document
 * and the signing key of the test realm), the gateway recovers by itself.
 */
@QuarkusTest
@ExtendWith(ContractValidation.class)
@TestProfile(IdentityProviderDownTest.ProviderDown.class)
class IdentityProviderDownTest {

    static final int PORT = TestPorts.reserved("identity-provider");
    static HttpServer provider;

    /** The provider's address is a port nothing listens on yet. */
    public static class ProviderDown implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of(
                    "quarkus.oidc.auth-server-url", "http://127.0.0.1:" + PORT + "/realms/ssi",
                    "quarkus.oidc.connection-delay", "0s",
                    "quarkus.oidc.connection-timeout", "2s");
        }
    }

    @AfterAll
    static void stopProvider() {
        if (provider != null) {
            provider.stop(0);
        }
    }

    @Test
    void answers_503_while_the_identity_provider_is_down_and_recovers_by_itself() throws IOException {
        String alice = TestTokens.token("alice", "rep");
        given().auth()
                .oauth2(alice)
                .get("/api/v1/teams")
                .then()
                .statusCode(503)
                .contentType("application/problem+json")
                .header("Retry-After", notNullValue())
                .body("type", equalTo("urn:ssi:problem:unavailable"));
        given().get("/api/v1/teams").then().statusCode(401);

        provider = startProvider();
        Instant deadline = Instant.now().plus(Duration.ofSeconds(60));
        int status = 503;
        while (status == 503 && Instant.now().isBefore(deadline)) {
            status = given().auth().oauth2(alice).get("/api/v1/teams").statusCode();
        }
        // A rep may not list teams: a 403 means the token was verified with the provider's key.
        assertEquals(403, status);
        given().auth()
                .oauth2(TestTokens.of("alice", "rep").signWithAnotherKey())
                .get("/api/v1/teams")
                .then()
                .statusCode(401);
    }

    private static HttpServer startProvider() throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), PORT), 0);
        String base = "http://127.0.0.1:" + PORT + "/realms/ssi";
        String discovery = "{\"issuer\": \"" + TestTokens.ISSUER + "\", \"jwks_uri\": \"" + base
                + "/protocol/openid-connect/certs\", \"token_endpoint\": \"" + base
                + "/protocol/openid-connect/token\", \"authorization_endpoint\": \"" + base
                + "/protocol/openid-connect/auth\"}";
        String keys = "{\"keys\": [" + publicKey() + "]}";
        server.createContext("/realms/ssi/.well-known/openid-configuration", exchange -> answer(exchange, discovery));
        server.createContext("/realms/ssi/protocol/openid-connect/certs", exchange -> answer(exchange, keys));
        server.start();
        return server;
    }

    private static void answer(com.sun.net.httpserver.HttpExchange exchange, String json) throws IOException {
        byte[] body = json.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", "application/json");
        exchange.sendResponseHeaders(200, body.length);
        exchange.getResponseBody().write(body);
        exchange.close();
    }

    /** The public half of the key TestTokens signs with, as Quarkus's OIDC test server ships it. */
    private static String publicKey() throws IOException {
        try (InputStream key = Thread.currentThread().getContextClassLoader().getResourceAsStream("publicKey.jwk")) {
            return new String(key.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
