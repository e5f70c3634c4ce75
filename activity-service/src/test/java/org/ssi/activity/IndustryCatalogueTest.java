package org.ssi.activity;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.ssi.activity.Fixtures.as;
import static org.ssi.activity.Fixtures.asAdmin;
import static org.ssi.activity.Fixtures.asIngest;
import static org.ssi.activity.Fixtures.catalogued;
import static org.ssi.activity.Fixtures.fresh;
import static org.ssi.activity.Fixtures.freshIndustry;
import static org.ssi.activity.Fixtures.memberJson;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.oidc.server.OidcWiremockTestResource;
import io.restassured.path.json.JsonPath;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.ssi.devstack.PostgresTestResource;

/**
 * Writers cannot shape groups: the ingest client names only catalogued industries, an admin's new industry enters the
 * catalogue with an audit line, and every directory write is audited.
 */
@QuarkusTest
@QuarkusTestResource(PostgresTestResource.class)
@QuarkusTestResource(OidcWiremockTestResource.class)
class IndustryCatalogueTest {

    private static final String CATALOGUE = "/api/v1/admin/industries";
    private static final String IMPORT = "/api/v1/directory/import";
    private static final String NDJSON = "application/x-ndjson; charset=utf-8";
    private static final String INGEST = "service-account-ssi-ingest";

    private static List<String> catalogueCodes() {
        return asAdmin()
                .get(CATALOGUE)
                .then()
                .statusCode(200)
                .extract()
                .jsonPath()
                .getList("code", String.class);
    }

    @Test
    void refuses_the_ingest_client_a_member_in_an_industry_not_in_the_catalogue_and_changes_nothing() {
        String invented = freshIndustry();
        String member = fresh("m");
        try (AuditLog audit = AuditLog.open()) {
            asIngest()
                    .body(memberJson(member + "-login", invented, null))
                    .put("/api/v1/members/" + member)
                    .then()
                    .statusCode(422)
                    .contentType("application/problem+json")
                    .body("type", equalTo("urn:ssi:problem:validation"))
                    .body("errors[0].pointer", equalTo("/industry"))
                    .body(
                            "errors[0].detail",
                            equalTo("industry " + invented + " is not in the catalogue; an admin adds it"))
                    .body("detail", containsString("industry " + invented + " is not in the catalogue"));

            asAdmin().get("/api/v1/members/" + member).then().statusCode(404);
            assertTrue(!catalogueCodes().contains(invented), "the refused industry was not added");
            assertEquals(
                    1,
                    audit.linesWith(INGEST, "refused member " + member, invented)
                            .size());
            assertEquals(List.of(), audit.linesWith("member " + member, "created"));
        }
    }

    @Test
    void refuses_the_ingest_client_to_move_a_member_into_a_new_industry() {
        String home = freshIndustry();
        catalogued(home);
        String member = fresh("m");
        asIngest()
                .body(memberJson(member + "-login", home, null))
                .put("/api/v1/members/" + member)
                .then()
                .statusCode(201);
        String fresh = freshIndustry();

        asIngest()
                .body(memberJson(member + "-login", fresh, null))
                .put("/api/v1/members/" + member)
                .then()
                .statusCode(422)
                .body("errors[0].pointer", equalTo("/industry"));

        asAdmin().get("/api/v1/members/" + member).then().statusCode(200).body("industry", equalTo(home));
    }

    @Test
    void refuses_an_ingest_client_holding_another_role_too_unless_it_is_admin() {
        String invented = freshIndustry();
        String member = fresh("m");
        as("crm", "ingest", "analyst")
                .body(memberJson(member + "-login", invented, null))
                .put("/api/v1/members/" + member)
                .then()
                .statusCode(422)
                .body("errors[0].pointer", equalTo("/industry"));
        as("crm-admin", "ingest", "admin")
                .body(memberJson(member + "-login", invented, null))
                .put("/api/v1/members/" + member)
                .then()
                .statusCode(201);
        assertTrue(catalogueCodes().contains(invented));
    }

    @Test
    void adds_an_admins_new_industry_to_the_catalogue_in_the_same_write_and_audits_both() {
        String industry = freshIndustry();
        String member = fresh("m");
        try (AuditLog audit = AuditLog.open()) {
            asAdmin()
                    .body(memberJson(member + "-login", industry, null))
                    .put("/api/v1/members/" + member)
                    .then()
                    .statusCode(201)
                    .body("industry", equalTo(industry));

            asAdmin()
                    .get(CATALOGUE)
                    .then()
                    .statusCode(200)
                    .body("find { it.code == '" + industry + "' }.addedBy", equalTo("root"))
                    .body("find { it.code == '" + industry + "' }.addedAt", notNullValue())
                    .body("find { it.code == '" + industry + "' }.name", nullValue());
            assertEquals(
                    1,
                    audit.linesWith("root [admin] added industry " + industry + " to the catalogue", member)
                            .size());
            assertEquals(
                    1, audit.linesWith("root [admin] created member " + member).size());

            // The industry is catalogued now: the ingest client may name it, and nothing is added again.
            String second = fresh("m");
            asIngest()
                    .body(memberJson(second + "-login", industry, null))
                    .put("/api/v1/members/" + second)
                    .then()
                    .statusCode(201);
            asAdmin()
                    .body(memberJson(member + "-login", industry, null))
                    .put("/api/v1/members/" + member)
                    .then()
                    .statusCode(200);
            assertEquals(1, audit.linesWith("added industry " + industry).size());
            assertEquals(
                    1,
                    audit.linesWith(INGEST + " [ingest] created member " + second)
                            .size());
            assertEquals(
                    1, audit.linesWith("root [admin] replaced member " + member).size());
        }
    }

    @Test
    void audits_team_writes_by_any_client() {
        String team = fresh("t");
        try (AuditLog audit = AuditLog.open()) {
            asIngest()
                    .body("{\"name\": \"Sales\"}")
                    .put("/api/v1/teams/" + team)
                    .then()
                    .statusCode(201);
            asAdmin()
                    .body("{\"name\": \"Sales EMEA\"}")
                    .put("/api/v1/teams/" + team)
                    .then()
                    .statusCode(200);
            asAdmin()
                    .body("{\"name\": \"\"}")
                    .put("/api/v1/teams/" + team)
                    .then()
                    .statusCode(422);

            assertEquals(
                    1,
                    audit.linesWith(INGEST + " [ingest] created team " + team).size());
            assertEquals(
                    1, audit.linesWith("root [admin] replaced team " + team).size());
            assertEquals(2, audit.linesWith("team " + team).size(), "a refused write changed nothing and is no write");
        }
    }

    @Test
    void reports_the_ingest_clients_import_lines_naming_an_unknown_industry_and_imports_the_others() {
        String known = freshIndustry();
        catalogued(known);
        String invented = freshIndustry();
        String team = fresh("t");
        String good = fresh("m");
        String bad = fresh("m");
        String csvGood = fresh("m");
        String csvBad = fresh("m");
        String file = String.join(
                "\n",
                DirectoryImportTest.teamLine(team, "Team", null),
                DirectoryImportTest.memberLine(good, known, team),
                DirectoryImportTest.memberLine(bad, invented, team));
        String csv = "memberId,login,displayName,industry\n"
                + csvGood + "," + csvGood + ",Good," + known + "\n"
                + csvBad + "," + csvBad + ",Bad," + invented + "\n";

        try (AuditLog audit = AuditLog.open()) {
            JsonPath report = asIngest()
                    .contentType(NDJSON)
                    .body(file.getBytes(StandardCharsets.UTF_8))
                    .post(IMPORT)
                    .then()
                    .statusCode(200)
                    .body("imported", equalTo(2))
                    .body("failed", equalTo(1))
                    .body("errors[0].line", equalTo(3))
                    .body("errors[0].errors[0].pointer", equalTo("/industry"))
                    .body("errors[0].detail", containsString("industry " + invented + " is not in the catalogue"))
                    .extract()
                    .jsonPath();
            asIngest()
                    .contentType("text/csv; charset=utf-8")
                    .body(csv.getBytes(StandardCharsets.UTF_8))
                    .post(IMPORT)
                    .then()
                    .statusCode(200)
                    .body("imported", equalTo(1))
                    .body("failed", equalTo(1))
                    .body("errors[0].line", equalTo(3))
                    .body("errors[0].errors[0].pointer", equalTo("/industry"));

            asAdmin().get("/api/v1/members/" + good).then().statusCode(200).body("industry", equalTo(known));
            asAdmin().get("/api/v1/members/" + csvGood).then().statusCode(200);
            asAdmin().get("/api/v1/members/" + bad).then().statusCode(404);
            asAdmin().get("/api/v1/members/" + csvBad).then().statusCode(404);
            assertTrue(!catalogueCodes().contains(invented));

            List<String> lines = audit.linesWith(INGEST + " [ingest] import " + report.getString("importId"));
            assertEquals(1, lines.size(), "one audit line per import");
            assertTrue(lines.get(0).contains("finished"), lines.get(0));
            assertTrue(lines.get(0).contains("2 imported"), lines.get(0));
            assertTrue(lines.get(0).contains("1 failed"), lines.get(0));
            assertTrue(lines.get(0).contains("refused for an industry not in the catalogue: 1"), lines.get(0));
            assertEquals(List.of(), audit.linesWith("added industry " + invented));
        }
    }

    @Test
    void adds_the_new_industries_of_an_admins_import_and_audits_each_with_the_member_that_added_it() {
        String first = freshIndustry();
        String second = freshIndustry();
        List<String> members = List.of(fresh("m"), fresh("m"), fresh("m"));
        String file = String.join(
                "\n",
                DirectoryImportTest.memberLine(members.get(0), first, null),
                DirectoryImportTest.memberLine(members.get(1), first, null),
                DirectoryImportTest.memberLine(members.get(2), second, null),
                DirectoryImportTest.memberLine(fresh("m"), freshIndustry(), "no-such-team"));

        try (AuditLog audit = AuditLog.open()) {
            String importId = asAdmin()
                    .contentType(NDJSON)
                    .body(file.getBytes(StandardCharsets.UTF_8))
                    .post(IMPORT)
                    .then()
                    .statusCode(200)
                    .body("imported", equalTo(3))
                    .body("failed", equalTo(1))
                    .extract()
                    .path("importId");

            List<String> codes = catalogueCodes();
            assertTrue(codes.contains(first) && codes.contains(second), codes.toString());
            assertEquals(
                    1,
                    audit.linesWith("root [admin] added industry " + first, importId, "line 1", members.get(0))
                            .size());
            assertEquals(
                    1,
                    audit.linesWith("root [admin] added industry " + second, importId, "line 3", members.get(2))
                            .size());
            assertEquals(2, audit.linesWith("added industry", importId).size(), "a failed line adds nothing");
            List<String> summary = audit.linesWith("root [admin] import " + importId + " finished");
            assertEquals(1, summary.size());
            assertTrue(summary.get(0).contains("3 imported"), summary.get(0));
        }
    }

    @Test
    void adds_and_renames_an_industry_through_the_catalogue_and_audits_it() {
        String code = freshIndustry();
        try (AuditLog audit = AuditLog.open()) {
            asAdmin()
                    .body("{\"name\": \"Financial services\"}")
                    .put(CATALOGUE + "/" + code)
                    .then()
                    .statusCode(201)
                    .contentType("application/json")
                    .body("code", equalTo(code))
                    .body("name", equalTo("Financial services"))
                    .body("addedBy", equalTo("root"));
            as("other-admin", "admin")
                    .body("{\"code\": \"" + code + "\", \"name\": \"Finance\"}")
                    .put(CATALOGUE + "/" + code)
                    .then()
                    .statusCode(200)
                    .body("name", equalTo("Finance"))
                    .body("addedBy", equalTo("root"));
            as("other-admin", "admin")
                    .body("{}")
                    .put(CATALOGUE + "/" + code)
                    .then()
                    .statusCode(200)
                    .body("name", nullValue());

            assertEquals(
                    1,
                    audit.linesWith("root [admin] added industry " + code + " to the catalogue")
                            .size());
            assertEquals(
                    2,
                    audit.linesWith("other-admin [admin] replaced the name of industry " + code)
                            .size());
        }
        asAdmin()
                .get(CATALOGUE)
                .then()
                .statusCode(200)
                .body("code", hasItem(code))
                .body("find { it.code == '" + code + "' }.addedBy", equalTo("root"));
    }

    @Test
    void refuses_a_malformed_code_a_bad_body_and_callers_who_are_not_admins_and_changes_nothing() {
        String code = freshIndustry();
        asAdmin()
                .body("{\"name\": \"Kept\"}")
                .put(CATALOGUE + "/" + code)
                .then()
                .statusCode(201);

        for (String malformed : List.of("Software", "a", "x".repeat(65), "soft%20ware", "soft_ware")) {
            asAdmin()
                    .body("{}")
                    .put(CATALOGUE + "/" + malformed)
                    .then()
                    .statusCode(404)
                    .contentType("application/problem+json");
        }
        record Bad(String body, String pointer) {}
        for (Bad bad : List.of(
                new Bad("[1, 2]", ""),
                new Bad("\"name\"", ""),
                new Bad("{\"name\": 3}", "/name"),
                new Bad("{\"name\": \"\"}", "/name"),
                new Bad("{\"name\": \"" + "n".repeat(201) + "\"}", "/name"),
                new Bad("{\"name\": \"two\\nlines\"}", "/name"),
                new Bad("{\"name\": \"nul\\u0000\"}", "/name"),
                new Bad("{\"colour\": \"red\"}", "/colour"),
                new Bad("{\"code\": \"another-code\"}", "/code"))) {
            asAdmin()
                    .body(bad.body())
                    .put(CATALOGUE + "/" + code)
                    .then()
                    .statusCode(422)
                    .contentType("application/problem+json")
                    .body("errors[0].pointer", equalTo(bad.pointer()));
        }
        asAdmin()
                .body("{\"name\": ")
                .put(CATALOGUE + "/" + code)
                .then()
                .statusCode(400)
                .contentType("application/problem+json");
        asAdmin()
                .contentType("text/plain")
                .body("name")
                .put(CATALOGUE + "/" + code)
                .then()
                .statusCode(415)
                .contentType("application/problem+json");
        String other = freshIndustry();
        asIngest().body("{}").put(CATALOGUE + "/" + other).then().statusCode(403);
        as("alice", "rep").body("{}").put(CATALOGUE + "/" + other).then().statusCode(403);
        asIngest().get(CATALOGUE).then().statusCode(403).contentType("application/problem+json");
        given().get(CATALOGUE).then().statusCode(401).contentType("application/problem+json");

        asAdmin()
                .get(CATALOGUE)
                .then()
                .body("find { it.code == '" + code + "' }.name", equalTo("Kept"))
                .body("code", not(hasItem(other)));
    }

    @Test
    void concurrent_admin_writes_of_the_same_new_industry_all_succeed_and_add_it_once() throws Exception {
        String industry = freshIndustry();
        int writers = 8;
        ExecutorService threads = Executors.newFixedThreadPool(writers);
        try (AuditLog audit = AuditLog.open()) {
            List<Future<Integer>> answers = new ArrayList<>();
            for (int i = 0; i < writers; i++) {
                String member = fresh("m");
                boolean viaCatalogue = i % 4 == 3;
                answers.add(threads.submit(() -> viaCatalogue
                        ? asAdmin().body("{}").put(CATALOGUE + "/" + industry).statusCode()
                        : asAdmin()
                                .body(memberJson(member + "-login", industry, null))
                                .put("/api/v1/members/" + member)
                                .statusCode()));
            }
            List<Integer> statuses = new ArrayList<>();
            for (Future<Integer> answer : answers) {
                statuses.add(answer.get());
            }
            assertTrue(statuses.stream().allMatch(status -> status == 200 || status == 201), statuses.toString());
            assertEquals(
                    1,
                    audit.linesWith("added industry " + industry + " to the catalogue")
                            .size());
        } finally {
            threads.shutdownNow();
        }
        assertEquals(1, catalogueCodes().stream().filter(industry::equals).count(), "the industry is catalogued once");
    }
}
