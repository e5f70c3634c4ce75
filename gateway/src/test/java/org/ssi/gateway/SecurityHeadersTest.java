package org.ssi.gateway;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.oidc.server.OidcWiremockTestResource;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import java.net.URI;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.ssi.devstack.TestTokens;

/**
 * Every answer of the gateway carries the security headers a browser acts on, whichever part of the gateway gives
 * it: a page, an API answer, a problem+json error, a 404, the OpenAPI document. The content security policy admits
 * the gateway itself and the identity provider the pages log in with, nothing else.
 */
@QuarkusTest
@ExtendWith(ContractValidation.class)
@QuarkusTestResource(OidcWiremockTestResource.class)
class SecurityHeadersTest {

    private static final Pattern INLINE_SCRIPT = Pattern.compile("<script(?![^>]*\\bsrc=)[^>]*>");

    /** What a request is, and the status its answer has, so that a test cannot pass on the wrong answer. */
    private record Exchange(String name, int status, Function<RequestSpecification, Response> send) {}

    private static List<Exchange> answers() {
        return List.of(
                new Exchange("the page", 200, r -> r.get("/")),
                new Exchange("a script", 200, r -> r.get("/app.js")),
                new Exchange(
                        "an unchanged page",
                        304,
                        r -> r.header("If-None-Match", etagOf("/app.css")).get("/app.css")),
                new Exchange("an API answer", 200, r -> r.get("/portal/config")),
                new Exchange("a 401 problem", 401, r -> r.get("/api/v1/me/ssi")),
                new Exchange(
                        "a 503 problem",
                        503,
                        r -> r.auth().oauth2(TestTokens.token("alice", "rep")).get("/api/v1/me/ssi")),
                new Exchange(
                        "a 415 problem",
                        415,
                        r -> r.auth()
                                .oauth2(TestTokens.token("crm", "ingest"))
                                .body("{}")
                                .post("/api/v1/activities")),
                new Exchange("a 404 page", 404, r -> r.get("/no-such-page.html")),
                new Exchange("a 404 API path", 404, r -> r.get("/api/v1/no-such-thing")),
                new Exchange("the OpenAPI document", 200, r -> r.get("/q/openapi")),
                new Exchange("Swagger UI", 200, r -> r.get("/q/swagger-ui/")));
    }

    private static String etagOf(String path) {
        return given().get(path).then().statusCode(200).extract().header("ETag");
    }

    private static Response send(Exchange exchange, Map<String, String> headers) {
        Response response =
                exchange.send().apply(given().redirects().follow(false).headers(headers));
        assertEquals(exchange.status(), response.statusCode(), exchange.name());
        return response;
    }

    private static String identityProvider() {
        URI realm = URI.create(ConfigProvider.getConfig().getValue("keycloak.url", String.class));
        return realm.getScheme() + "://" + realm.getRawAuthority();
    }

    /** The directives of a policy, by name. */
    private static Map<String, String> directives(String policy) {
        return Arrays.stream(policy.split(";"))
                .map(String::trim)
                .filter(d -> !d.isEmpty())
                .collect(Collectors.toMap(d -> d.split(" ", 2)[0], d -> d.contains(" ") ? d.split(" ", 2)[1] : ""));
    }

    @Test
    @ContractValidation.AnswersOnly("a text/plain body among the answers whose headers it reads, on purpose")
    void every_answer_tells_browsers_not_to_sniff_frame_or_refer() {
        for (Exchange exchange : answers()) {
            Response response = send(exchange, Map.of());
            assertEquals(List.of("nosniff"), response.headers().getValues("X-Content-Type-Options"), exchange.name());
            assertEquals(List.of("no-referrer"), response.headers().getValues("Referrer-Policy"), exchange.name());
            assertEquals(List.of("DENY"), response.headers().getValues("X-Frame-Options"), exchange.name());
        }
    }

    @Test
    @ContractValidation.AnswersOnly("a text/plain body among the answers whose headers it reads, on purpose")
    void every_answer_has_a_policy_admitting_only_the_gateway_and_the_identity_provider() {
        for (Exchange exchange : answers()) {
            Response response = send(exchange, Map.of());
            List<String> policies = response.headers().getValues("Content-Security-Policy");
            assertEquals(1, policies.size(), exchange.name() + ": " + policies);
            Map<String, String> policy = directives(policies.get(0));
            assertEquals("'self'", policy.get("default-src"), exchange.name());
            assertEquals("'self' " + identityProvider(), policy.get("connect-src"), exchange.name());
            assertEquals("'none'", policy.get("frame-ancestors"), exchange.name());
            assertEquals("'none'", policy.get("object-src"), exchange.name());
            assertEquals("'self'", policy.get("form-action"), exchange.name());
            assertFalse(policies.get(0).contains("*"), exchange.name() + ": " + policies.get(0));
        }
    }

    @Test
    void the_pages_run_no_inline_code_and_only_swagger_ui_may() {
        Map<String, String> pages = directives(send(answers().get(0), Map.of()).header("Content-Security-Policy"));
        assertFalse(pages.containsKey("script-src"), "scripts fall back to default-src 'self'");
        assertFalse(pages.containsKey("style-src"), "styles fall back to default-src 'self'");
        String index = given().get("/").then().extract().asString();
        Matcher inline = INLINE_SCRIPT.matcher(index);
        assertFalse(inline.find(), () -> "an inline script the policy would refuse: " + inline.group());
        assertFalse(index.contains("<style") || index.contains(" style="), "an inline style the policy would refuse");

        Map<String, String> swaggerUi = directives(
                given().get("/q/swagger-ui/").then().statusCode(200).extract().header("Content-Security-Policy"));
        assertEquals("'self' 'unsafe-inline'", swaggerUi.get("script-src"));
        assertEquals("'self' 'unsafe-inline'", swaggerUi.get("style-src"));
        assertEquals("'none'", swaggerUi.get("frame-ancestors"));
    }

    @Test
    @ContractValidation.AnswersOnly("a text/plain body among the answers whose headers it reads, on purpose")
    void pins_browsers_to_https_only_behind_tls() {
        for (Exchange exchange : answers()) {
            assertEquals(
                    List.of(),
                    send(exchange, Map.of()).headers().getValues("Strict-Transport-Security"),
                    exchange.name() + " over plain HTTP");
            List<String> pinned = send(exchange, Map.of("X-Forwarded-Proto", "https"))
                    .headers()
                    .getValues("Strict-Transport-Security");
            assertEquals(1, pinned.size(), exchange.name() + " behind the Ingress's TLS: " + pinned);
            assertTrue(pinned.get(0).matches("max-age=\\d{7,}"), pinned.get(0));
        }
        assertEquals(
                List.of(),
                send(answers().get(0), Map.of("X-Forwarded-Proto", "http"))
                        .headers()
                        .getValues("Strict-Transport-Security"));
    }
}
