package org.ssi.activity;

import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.ssi.activity.Fixtures.asAdmin;
import static org.ssi.activity.Fixtures.asService;
import static org.ssi.activity.Fixtures.fresh;
import static org.ssi.activity.Fixtures.newMember;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.oidc.server.OidcWiremockTestResource;
import org.junit.jupiter.api.Test;
import org.ssi.devstack.PostgresTestResource;

@QuarkusTest
@QuarkusTestResource(PostgresTestResource.class)
@QuarkusTestResource(OidcWiremockTestResource.class)
class TeamTest {

    private static String team(String name, String parent, String... managers) {
        String list = managers.length == 0 ? "" : "\"" + String.join("\", \"", managers) + "\"";
        return "{\"name\": \"%s\", \"parentTeamId\": %s, \"managers\": [%s]}"
                .formatted(name, parent == null ? "null" : "\"" + parent + "\"", list);
    }

    @Test
    void creates_then_replaces_a_team_and_lists_it() {
        String manager = newMember("software");
        String id = fresh("t");
        asAdmin().body(team("Sales", null)).put("/api/v1/teams/" + id).then().statusCode(201);
        asAdmin()
                .body(team("Sales EMEA", null, manager))
                .put("/api/v1/teams/" + id)
                .then()
                .statusCode(200)
                .body("managers", contains(manager));
        asService().get("/internal/teams").then().statusCode(200).body("teamId", hasItem(id));
    }

    @Test
    void refuses_a_cycle_an_unknown_parent_and_an_unknown_manager() {
        String top = fresh("t");
        String below = fresh("t");
        asAdmin().body(team("Top", null)).put("/api/v1/teams/" + top).then().statusCode(201);
        asAdmin().body(team("Below", top)).put("/api/v1/teams/" + below).then().statusCode(201);

        asAdmin()
                .body(team("Top", below))
                .put("/api/v1/teams/" + top)
                .then()
                .statusCode(422)
                .body("errors[0].pointer", equalTo("/parentTeamId"));
        asAdmin()
                .body(team("X", "no-such-team"))
                .put("/api/v1/teams/" + fresh("t"))
                .then()
                .statusCode(422);
        asAdmin()
                .body(team("X", null, "nobody"))
                .put("/api/v1/teams/" + fresh("t"))
                .then()
                .statusCode(422)
                .body("errors[0].pointer", equalTo("/managers/0"));
        asAdmin()
                .body("{\"parentTeamId\": null}")
                .put("/api/v1/teams/" + fresh("t"))
                .then()
                .statusCode(422)
                .body("errors[0].pointer", equalTo("/name"));
    }

    @Test
    void refuses_a_member_of_an_unknown_team_and_a_taken_login() {
        String member = fresh("m");
        asAdmin()
                .body(Fixtures.memberJson(member, "software", "ghost-team"))
                .put("/api/v1/members/" + member)
                .then()
                .statusCode(422)
                .body("errors[0].pointer", equalTo("/teamId"));
        String first = newMember("software");
        asAdmin()
                .body(Fixtures.memberJson(first + "-login", "software", null))
                .put("/api/v1/members/" + fresh("m"))
                .then()
                .statusCode(409)
                .contentType("application/problem+json");
        asAdmin()
                .body("{\"login\": \"x\", \"displayName\": \"X\", \"industry\": \"Not An Industry\"}")
                .put("/api/v1/members/" + fresh("m"))
                .then()
                .statusCode(422)
                .body("errors[0].pointer", equalTo("/industry"));
    }
}
