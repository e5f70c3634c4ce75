package org.ssi.gateway;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.oidc.server.OidcWiremockTestResource;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A request target that is not a valid URI is a 400 problem+json, not the empty 400 Quarkus gives before any route
 * runs. Sent over a raw socket, as no HTTP client sends such a target.
 */
@QuarkusTest
@QuarkusTestResource(OidcWiremockTestResource.class)
class InvalidRequestTargetTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TestHTTPResource("/")
    URL root;

    @ParameterizedTest
    @ValueSource(
            strings = {
                "/api/v1/me/ssi%zz",
                "/api/v1/me/ssi%",
                "/api/v1/members/{id}/ssi",
                "/api/v1/members/a\"b/ssi",
                "/api/v1/members/a\\b/ssi",
                "/api/v1/members/a|b/ssi",
                "/api/v1/members/a<b>/ssi",
                "/api/v1/me/ssi/history?from=2026-01-01^",
                "/index.html%"
            })
    void answers_a_target_that_is_no_uri_with_a_malformed_request_problem(String target) throws IOException {
        Raw answer = send(target);

        assertEquals(400, answer.status(), answer.head());
        assertTrue(answer.header("content-type").startsWith("application/problem+json"), answer.head());
        JsonNode problem = JSON.readTree(answer.body());
        assertEquals("urn:ssi:problem:malformed-request", problem.path("type").asText(), answer.body());
        assertEquals(400, problem.path("status").asInt(), answer.body());
        assertTrue(problem.path("detail").asText().contains("not a valid URI"), answer.body());
        assertEquals("nosniff", answer.header("x-content-type-options"), answer.head());
        assertEquals("DENY", answer.header("x-frame-options"), answer.head());
        assertTrue(answer.header("content-security-policy").contains("frame-ancestors 'none'"), answer.head());
    }

    @ParameterizedTest
    @ValueSource(strings = {"/api/v1/me/ssi", "/api/v1/members/a%20b/ssi", "/api/v1/me/ssi?from=%7B%7D"})
    void lets_a_valid_target_through_to_the_token_check(String target) throws IOException {
        Raw answer = send(target);

        assertEquals(401, answer.status(), answer.head());
        assertTrue(answer.header("content-type").startsWith("application/problem+json"), answer.head());
    }

    private Raw send(String target) throws IOException {
        try (Socket socket = new Socket(root.getHost(), root.getPort())) {
            ByteArrayOutputStream request = new ByteArrayOutputStream();
            request.write(("GET " + target + " HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n")
                    .getBytes(StandardCharsets.UTF_8));
            OutputStream out = socket.getOutputStream();
            out.write(request.toByteArray());
            out.flush();
            String answer = new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            int end = answer.indexOf("\r\n\r\n");
            return new Raw(answer.substring(0, end), answer.substring(end + 4));
        }
    }

    private record Raw(String head, String body) {

        int status() {
            return Integer.parseInt(head.substring(9, 12));
        }

        String header(String name) {
            for (String line : head.split("\r\n")) {
                int colon = line.indexOf(':');
                if (colon > 0
                        && line.substring(0, colon)
                                .trim()
                                .toLowerCase(Locale.ROOT)
                                .equals(name)) {
                    return line.substring(colon + 1).trim();
                }
            }
            return "";
        }
    }
}
