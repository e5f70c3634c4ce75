package org.ssi.activity;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasItems;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.ssi.activity.Fixtures.as;
import static org.ssi.activity.Fixtures.asAdmin;
import static org.ssi.activity.Fixtures.asService;
import static org.ssi.activity.Fixtures.fresh;
import static org.ssi.activity.Fixtures.newMember;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.oidc.server.OidcWiremockTestResource;
import io.restassured.path.json.JsonPath;
import io.restassured.specification.RequestSpecification;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.ssi.devstack.PostgresTestResource;

@QuarkusTest
@QuarkusTestResource(PostgresTestResource.class)
@QuarkusTestResource(OidcWiremockTestResource.class)
class DirectoryImportTest {

    static final String PATH = "/api/v1/directory/import";
    static final String NDJSON = "application/x-ndjson; charset=utf-8";
    static final String CSV = "text/csv; charset=utf-8";

    static String teamLine(String teamId, String name, String parent, String... managers) {
        String list = managers.length == 0 ? "" : "\"" + String.join("\", \"", managers) + "\"";
        return "{\"kind\": \"team\", \"teamId\": \"%s\", \"name\": \"%s\", \"parentTeamId\": %s, \"managers\": [%s]}"
                .formatted(teamId, name, parent == null ? "null" : "\"" + parent + "\"", list);
    }

    static String memberLine(String memberId, String industry, String teamId) {
        return "{\"kind\": \"member\", \"memberId\": \"%s\", \"login\": \"%s-login\", \"displayName\": \"Rep %s\","
                        .formatted(memberId, memberId, memberId)
                + " \"industry\": \"%s\", \"seniority\": \"VP\", \"teamId\": %s, \"profile\": {\"photo\": true}}"
                        .formatted(industry, teamId == null ? "null" : "\"" + teamId + "\"");
    }

    static RequestSpecification importing(String contentType, String body) {
        return asAdmin().contentType(contentType).body(body.getBytes(StandardCharsets.UTF_8));
    }

    static long feedEnd() {
        long cursor = 0;
        while (true) {
            JsonPath page = asService()
                    .get("/internal/changes?after=" + cursor + "&limit=1000")
                    .then()
                    .statusCode(200)
                    .extract()
                    .jsonPath();
            long next = page.getLong("next");
            if (next == cursor) {
                return cursor;
            }
            cursor = next;
        }
    }

    static List<String> feedAfter(long cursor, String reason) {
        return asService()
                .get("/internal/changes?after=" + cursor + "&limit=1000")
                .then()
                .statusCode(200)
                .extract()
                .jsonPath()
                .getList("changes.findAll { it.reason == '" + reason + "' }.memberId", String.class);
    }

    @Test
    void imports_teams_and_members_from_ndjson_and_puts_the_members_on_the_feed() {
        String top = fresh("t");
        String sub = fresh("t");
        String manager = fresh("m");
        String rep = fresh("m");
        long cursor = feedEnd();
        String file = String.join(
                "\n",
                teamLine(top, "Sales", null, manager),
                teamLine(sub, "Sales DACH", top),
                "",
                memberLine(manager, "software", top),
                memberLine(rep, "retail", sub));

        importing(NDJSON, file + "\n")
                .post(PATH)
                .then()
                .statusCode(200)
                .contentType("application/json")
                .body("imported", equalTo(4))
                .body("failed", equalTo(0))
                .body("teams", equalTo(2))
                .body("members", equalTo(2))
                .body("membersCreated", equalTo(2))
                .body("errors", empty())
                .body("importId", startsWith("imp-"));

        asAdmin()
                .get("/api/v1/members/" + rep)
                .then()
                .statusCode(200)
                .body("login", equalTo(rep + "-login"))
                .body("industry", equalTo("retail"))
                .body("seniority", equalTo("VP"))
                .body("teamId", equalTo(sub))
                .body("profile.photo", equalTo(true))
                .body("profile.headline", equalTo(false));
        // The manager was listed after the team: it is set once the whole file is in.
        asService()
                .get("/internal/teams")
                .then()
                .statusCode(200)
                .body("find { it.teamId == '" + top + "' }.managers", contains(manager))
                .body("find { it.teamId == '" + sub + "' }.parentTeamId", equalTo(top));
        assertEquals(List.of(manager, rep).stream().sorted().toList(), feedAfter(cursor, "directory"));
    }

    @Test
    void imports_members_from_csv_with_columns_in_any_order_and_quoted_values() {
        String team = fresh("t");
        asAdmin()
                .body("{\"name\": \"Retail\"}")
                .put("/api/v1/teams/" + team)
                .then()
                .statusCode(201);
        String first = fresh("m");
        String second = fresh("m");
        String file = "\uFEFFindustry,memberId,LOGIN,displayName,teamId,photo,skills,seniority\r\n"
                + "retail," + first + "," + first + ",\"Zoë \"\"Z\"\" Müller, EMEA\"," + team + ",TRUE,false,CXO\r\n"
                + "software," + second + "," + second + ",\"Two\nLines\",,,,\r\n";

        importing(CSV, file)
                .post(PATH)
                .then()
                .statusCode(200)
                .body("imported", equalTo(2))
                .body("failed", equalTo(0));

        asAdmin()
                .get("/api/v1/members/" + first)
                .then()
                .statusCode(200)
                .body("displayName", equalTo("Zoë \"Z\" Müller, EMEA"))
                .body("teamId", equalTo(team))
                .body("seniority", equalTo("CXO"))
                .body("profile.photo", equalTo(true))
                .body("profile.skills", equalTo(false));
        asAdmin()
                .get("/api/v1/members/" + second)
                .then()
                .statusCode(200)
                .body("displayName", equalTo("Two\nLines"))
                .body("teamId", equalTo(null))
                .body("seniority", equalTo(null));
    }

    @Test
    void reports_each_bad_line_by_number_and_imports_the_others() {
        String team = fresh("t");
        String good = fresh("m");
        String badIndustry = fresh("m");
        String unknownTeam = fresh("m");
        String taken = newMember("software");
        String thief = fresh("m");
        String file = String.join(
                "\n",
                teamLine(team, "Team", null),
                memberLine(badIndustry, "Not An Industry", team),
                "{\"kind\": \"member\", \"memberId\": ",
                memberLine(unknownTeam, "software", "no-such-team"),
                "{\"kind\": \"robot\", \"memberId\": \"r2\"}",
                memberLine(good, "software", team),
                memberLine(thief, "software", null).replace(thief + "-login", taken + "-login"),
                "[1, 2]",
                teamLine(fresh("t"), "Orphan", "no-such-parent"));

        JsonPath report = importing(NDJSON, file)
                .post(PATH)
                .then()
                .statusCode(200)
                .body("imported", equalTo(2))
                .body("failed", equalTo(7))
                .body("errors.line", contains(2, 3, 4, 5, 7, 8, 9))
                .extract()
                .jsonPath();

        assertEquals("/industry", report.getString("errors[0].errors[0].pointer"));
        assertEquals("", report.getString("errors[1].errors[0].pointer"));
        org.hamcrest.MatcherAssert.assertThat(report.getString("errors[1].detail"), containsString("not valid JSON"));
        assertEquals("/teamId", report.getString("errors[2].errors[0].pointer"));
        org.hamcrest.MatcherAssert.assertThat(report.getString("errors[2].detail"), containsString("no-such-team"));
        assertEquals("/kind", report.getString("errors[3].errors[0].pointer"));
        assertEquals("/login", report.getString("errors[4].errors[0].pointer"));
        org.hamcrest.MatcherAssert.assertThat(report.getString("errors[5].detail"), containsString("JSON object"));
        assertEquals("/parentTeamId", report.getString("errors[6].errors[0].pointer"));

        asAdmin().get("/api/v1/members/" + good).then().statusCode(200).body("teamId", equalTo(team));
        asAdmin().get("/api/v1/members/" + badIndustry).then().statusCode(404);
        asAdmin().get("/api/v1/members/" + unknownTeam).then().statusCode(404);
        asAdmin().get("/api/v1/members/" + thief).then().statusCode(404);
        asAdmin().get("/api/v1/members/" + taken).then().statusCode(200).body("login", equalTo(taken + "-login"));
    }

    @Test
    void reports_bad_csv_rows_and_refuses_a_header_naming_unknown_columns() {
        String good = fresh("m");
        String file = "memberId,login,displayName,industry,photo\n"
                + good + "," + good + ",Good,software,true\n"
                + fresh("m") + ",x,Too,many,values,here\n"
                + fresh("m") + ",y,Bad flag,software,yes\n"
                + ",z,No id,software,\n";
        importing(CSV, file)
                .post(PATH)
                .then()
                .statusCode(200)
                .body("imported", equalTo(1))
                .body("failed", equalTo(3))
                .body("errors.line", contains(3, 4, 5))
                .body("errors[0].detail", containsString("has 6 values"))
                .body("errors[1].errors[0].pointer", equalTo("/profile/photo"))
                .body("errors[2].errors[0].pointer", equalTo("/memberId"));
        asAdmin().get("/api/v1/members/" + good).then().statusCode(200).body("profile.photo", equalTo(true));

        String other = fresh("m");
        importing(CSV, "memberId,login,displayName,department\n" + other + ",o,Other,sales\n")
                .post(PATH)
                .then()
                .statusCode(422)
                .contentType("application/problem+json")
                .body("type", equalTo("urn:ssi:problem:validation"))
                .body("errors.pointer", hasItems("/columns/3", "/columns"));
        asAdmin().get("/api/v1/members/" + other).then().statusCode(404);
    }

    @Test
    void importing_the_same_file_again_changes_nothing_and_adds_nothing_to_the_feed() {
        String team = fresh("t");
        String a = fresh("m");
        String b = fresh("m");
        String file = String.join(
                "\n", teamLine(team, "Team", null, a), memberLine(a, "software", team), memberLine(b, "retail", team));
        importing(NDJSON, file).post(PATH).then().statusCode(200).body("membersCreated", equalTo(2));
        long cursor = feedEnd();

        importing(NDJSON, file)
                .post(PATH)
                .then()
                .statusCode(200)
                .body("imported", equalTo(3))
                .body("membersCreated", equalTo(0))
                .body("membersChanged", equalTo(0));
        assertEquals(List.of(), feedAfter(cursor, "directory"));

        importing(NDJSON, memberLine(b, "finance", team))
                .post(PATH)
                .then()
                .statusCode(200)
                .body("membersChanged", equalTo(1));
        assertEquals(List.of(b), feedAfter(cursor, "directory"));
        asAdmin().get("/api/v1/members/" + b).then().body("industry", equalTo("finance"));
    }

    @Test
    void keeps_a_team_without_the_manager_who_is_never_a_member_and_reports_its_line() {
        String team = fresh("t");
        String member = fresh("m");
        String file = String.join(
                "\n", teamLine(team, "Team", null, member, "ghost-manager"), memberLine(member, "software", team));
        importing(NDJSON, file)
                .post(PATH)
                .then()
                .statusCode(200)
                .body("imported", equalTo(1))
                .body("failed", equalTo(1))
                .body("teams", equalTo(0))
                .body("errors[0].line", equalTo(1))
                .body("errors[0].errors[0].pointer", equalTo("/managers/1"));
        asService()
                .get("/internal/teams")
                .then()
                .body("find { it.teamId == '" + team + "' }.managers", contains(member));
    }

    @Test
    void settles_the_managers_of_ten_thousand_teams_listed_before_their_manager() {
        String prefix = fresh("many");
        String manager = fresh("m");
        StringBuilder file = new StringBuilder();
        int teams = 12_000;
        for (int i = 0; i < teams; i++) {
            file.append(teamLine(prefix + "-" + i, "Team " + i, null, manager)).append('\n');
        }
        file.append(memberLine(manager, "software", prefix + "-0"));
        importing(NDJSON, file.toString())
                .post(PATH)
                .then()
                .statusCode(200)
                .body("failed", equalTo(0))
                .body("teams", equalTo(teams))
                .body("members", equalTo(1));
        asService()
                .get("/internal/teams")
                .then()
                .body("find { it.teamId == '" + prefix + "-" + (teams - 1) + "' }.managers", contains(manager));
    }

    @Test
    void lets_the_last_line_of_a_repeated_member_win() {
        String member = fresh("m");
        String file = String.join("\n", memberLine(member, "software", null), memberLine(member, "retail", null));
        importing(NDJSON, file).post(PATH).then().statusCode(200).body("imported", equalTo(2));
        asAdmin().get("/api/v1/members/" + member).then().body("industry", equalTo("retail"));
    }

    @Test
    void refuses_an_empty_file_another_media_type_a_rep_and_a_caller_without_token() {
        importing(NDJSON, "\n\n").post(PATH).then().statusCode(422).contentType("application/problem+json");
        importing("application/json", "{}").post(PATH).then().statusCode(415).contentType("application/problem+json");
        as("alice", "rep")
                .contentType(NDJSON)
                .body(memberLine(fresh("m"), "software", null).getBytes(StandardCharsets.UTF_8))
                .post(PATH)
                .then()
                .statusCode(403)
                .contentType("application/problem+json");
        given().contentType(NDJSON)
                .body(memberLine(fresh("m"), "software", null).getBytes(StandardCharsets.UTF_8))
                .post(PATH)
                .then()
                .statusCode(401)
                .contentType("application/problem+json");
        String byIngest = fresh("m");
        Fixtures.catalogued("software");
        Fixtures.asIngest()
                .contentType(NDJSON)
                .body(memberLine(byIngest, "software", null).getBytes(StandardCharsets.UTF_8))
                .post(PATH)
                .then()
                .statusCode(200)
                .body("imported", equalTo(1));
        asAdmin().get("/api/v1/members/" + byIngest).then().statusCode(200);
    }

    @Test
    void stops_at_bytes_that_are_not_utf_8_and_says_how_far_it_got() {
        String before = fresh("m");
        byte[] good = (memberLine(before, "software", null) + "\n").getBytes(StandardCharsets.UTF_8);
        byte[] bad = {'{', (byte) 0xC3, (byte) 0x28, '}', '\n'};
        byte[] body = new byte[good.length + bad.length];
        System.arraycopy(good, 0, body, 0, good.length);
        System.arraycopy(bad, 0, body, good.length, bad.length);
        asAdmin()
                .contentType(NDJSON)
                .body(body)
                .post(PATH)
                .then()
                .statusCode(400)
                .contentType("application/problem+json")
                .body("detail", containsString("charset"))
                .body("detail", not(containsString("Exception")));
    }

    @Test
    void describes_the_import_in_the_openapi_document() {
        given().get("/q/openapi?format=json")
                .then()
                .statusCode(200)
                .body("paths.'/api/v1/directory/import'.post.requestBody.content.keySet()", hasItem("text/csv"))
                .body(
                        "paths.'/api/v1/directory/import'.post.requestBody.content.keySet()",
                        hasItem("application/x-ndjson"));
    }
}
