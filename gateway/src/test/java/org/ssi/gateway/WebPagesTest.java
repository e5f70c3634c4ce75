package org.ssi.gateway;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.endsWith;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.oidc.server.OidcWiremockTestResource;
import org.junit.jupiter.api.Test;

/**
 * The web pages are static and public; what they show comes from /api/v1 with the browser's bearer token, so the
 * API paths keep answering 401 to a browser without one instead of redirecting it. The end-to-end suite logs in
 * through Keycloak in a real browser.
 */
@QuarkusTest
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
