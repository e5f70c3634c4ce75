package org.ssi.activity;

import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.ssi.activity.Fixtures.asAdmin;
import static org.ssi.activity.Fixtures.fresh;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.oidc.server.OidcWiremockTestResource;
import org.junit.jupiter.api.Test;
import org.ssi.activity.member.service.StorableText;
import org.ssi.devstack.PostgresTestResource;

/**
 * Text PostgreSQL cannot keep as sent (found by the end-to-end HostileInputIT): a NUL character was a 500, half a
 * surrogate pair was stored as {@code ?}. Both are now a 422 naming the field, and nothing is stored.
 */
@QuarkusTest
@QuarkusTestResource(PostgresTestResource.class)
@QuarkusTestResource(OidcWiremockTestResource.class)
class UnstorableTextTest {

    private static final String[] UNSTORABLE = {"a\\u0000b", "\\u0000", "x\\ud800y", "\\udc00", "end\\ud83d"};

    @Test
    void refuses_a_display_name_with_nul_or_half_a_surrogate_pair() {
        for (String name : UNSTORABLE) {
            String member = fresh("m");
            asAdmin()
                    .body("{\"login\": \"%s\", \"displayName\": \"%s\", \"industry\": \"software\"}"
                            .formatted(member, name))
                    .put("/api/v1/members/" + member)
                    .then()
                    .statusCode(422)
                    .contentType("application/problem+json")
                    .body("errors[0].pointer", equalTo("/displayName"));
            asAdmin().get("/api/v1/members/" + member).then().statusCode(404);
        }
    }

    @Test
    void refuses_a_team_name_with_nul_or_half_a_surrogate_pair() {
        for (String name : UNSTORABLE) {
            String team = fresh("t");
            asAdmin()
                    .body("{\"name\": \"%s\", \"managers\": []}".formatted(name))
                    .put("/api/v1/teams/" + team)
                    .then()
                    .statusCode(422)
                    .contentType("application/problem+json")
                    .body("errors[0].pointer", equalTo("/name"));
        }
    }

    @Test
    void keeps_emoji_and_right_to_left_text() {
        assertTrue(StorableText.isStorable("Zoë 😀 \u202eevil\u202c שלום"));
        assertFalse(StorableText.isStorable("a\u0000"));
        assertFalse(StorableText.isStorable("\ud83d"));
        assertFalse(StorableText.isStorable("\ude00\ud83d"));
        String member = fresh("m");
        asAdmin()
                .body("{\"login\": \"%s\", \"displayName\": \"Zo\\u00eb \\ud83d\\ude00\", \"industry\": \"software\"}"
                        .formatted(member))
                .put("/api/v1/members/" + member)
                .then()
                .statusCode(201)
                .body("displayName", equalTo("Zoë 😀"));
    }
}
