package org.ssi.gateway;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.endsWith;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.oidc.server.OidcWiremockTestResource;
import io.restassured.response.Response;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The web pages are static and public; what they show comes from /api/v1 with the browser's bearer token, so the
 * API paths keep answering 401 to a browser without one instead of redirecting it. The end-to-end suite logs in
 * through Keycloak in a real browser.
 */
@QuarkusTest
@ExtendWith(ContractValidation.class)
@QuarkusTestResource(OidcWiremockTestResource.class)
class WebPagesTest {

    @Test
    void serves_the_pages_without_a_token() {
        given().get("/")
                .then()
                .statusCode(200)
                .contentType(containsString("text/html"))
                .body(containsString("<script src=\"/app.js\""))
                .body(containsString("name=\"viewport\""));
        given().get("/app.js")
                .then()
                .statusCode(200)
                .body(containsString("code_challenge_method: 'S256'"))
                .body(containsString("Authorization: 'Bearer '"));
        given().get("/app.css").then().statusCode(200).contentType(containsString("text/css"));
    }

    /** Every file of the pages, and the index page by its directory. */
    private static final List<String> PAGES = List.of("/", "/index.html", "/app.js", "/app.css", "/favicon.svg");

    private static String sha256Tag(byte[] body) throws Exception {
        byte[] hash = MessageDigest.getInstance("SHA-256").digest(body);
        return "\"" + Base64.getUrlEncoder().withoutPadding().encodeToString(hash) + "\"";
    }

    @Test
    void serves_every_page_file_for_revalidation_with_the_hash_of_its_content_as_etag() throws Exception {
        Set<String> tags = new HashSet<>();
        for (String page : PAGES) {
            Response response =
                    given().get(page).then().statusCode(200).extract().response();
            assertEquals("no-cache", response.header("Cache-Control"), page);
            assertNull(response.header("Last-Modified"), page + ": a date says nothing of the content");
            // A strong tag of exactly what was served: a release that changes a byte changes the tag.
            assertEquals(sha256Tag(response.asByteArray()), response.header("ETag"), page);
            tags.add(response.header("ETag"));
        }
        assertEquals(PAGES.size() - 1, tags.size(), "one tag per file; / is index.html");
        assertEquals(given().get("/").header("ETag"), given().get("/index.html").header("ETag"), "/ is index.html");
    }

    @Test
    void answers_304_without_a_body_while_the_browser_has_the_current_file() {
        for (String page : PAGES) {
            String tag = given().get(page).header("ETag");
            for (String ifNoneMatch : List.of(tag, "W/" + tag, "\"yesterday\", " + tag, "*")) {
                Response unchanged =
                        given().header("If-None-Match", ifNoneMatch).get(page);
                assertEquals(304, unchanged.statusCode(), page + " " + ifNoneMatch);
                assertEquals(0, unchanged.asByteArray().length, page);
                assertEquals(tag, unchanged.header("ETag"), page);
                assertEquals("no-cache", unchanged.header("Cache-Control"), page);
            }
            Response changed = given().header("If-None-Match", "\"yesterday\"").get(page);
            assertEquals(200, changed.statusCode(), page);
            assertNotEquals(0, changed.asByteArray().length, page);
        }
    }

    @Test
    void leaves_api_answers_to_their_own_cache_rules() {
        Response config = given().get("/portal/config");
        assertNull(config.header("ETag"));
        Response api = given().header("If-None-Match", "*").get("/api/v1/me/ssi");
        assertEquals(401, api.statusCode());
    }

    @Test
    void tells_the_pages_where_to_log_in() {
        given().get("/portal/config")
                .then()
                .statusCode(200)
                .contentType("application/json")
                .body("issuer", endsWith("/realms/quarkus"))
                .body("clientId", equalTo("ssi-portal"))
                .body("api", equalTo("/api/v1"));
    }

    @Test
    void answers_a_browser_without_a_token_401_problem_on_the_api_paths_not_a_login_redirect() {
        given().redirects()
                .follow(false)
                .accept("text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8")
                .get("/api/v1/me/ssi")
                .then()
                .statusCode(401)
                .header("Location", nullValue())
                .contentType("application/problem+json");
    }

    @Test
    void answers_an_unknown_page_404_problem() {
        given().get("/no-such-page.html").then().statusCode(404).contentType("application/problem+json");
    }
}
