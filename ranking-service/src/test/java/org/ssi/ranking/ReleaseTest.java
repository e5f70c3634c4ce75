package org.ssi.ranking;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.oidc.server.OidcWiremockTestResource;
import io.quarkus.vertx.VertxContextSupport;
import io.restassured.path.json.JsonPath;
import io.restassured.specification.RequestSpecification;
import jakarta.inject.Inject;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.ssi.devstack.PostgresTestResource;
import org.ssi.devstack.TestTokens;
import org.ssi.ranking.feed.client.ScoreFeedClient.ScoreChange;
import org.ssi.ranking.rank.service.RankService;
import org.ssi.ranking.release.service.ReleaseService;

/** Releases published, stored and read back as the gateway reads them. */
@QuarkusTest
@QuarkusTestResource(PostgresTestResource.class)
@QuarkusTestResource(OidcWiremockTestResource.class)
class ReleaseTest {

    private static long seq = 2_000_000;

    @Inject
    RankService ranks;

    @Inject
    ReleaseService releases;

    private void apply(List<ScoreChange> changes) throws Throwable {
        long position = changes.stream().mapToLong(ScoreChange::seq).max().orElse(0);
        VertxContextSupport.subscribeAndAwait(() -> ranks.apply(changes, position));
    }

    private static ScoreChange change(String member, String industry, String score) {
        BigDecimal quarter = new BigDecimal(score).divide(BigDecimal.valueOf(4));
        return new ScoreChange(
                seq++,
                member,
                industry,
                null,
                LocalDate.now(ZoneOffset.UTC),
                new BigDecimal(score),
                quarter,
                quarter,
                quarter,
                quarter,
                null);
    }

    private static RequestSpecification asService() {
        return given().auth().oauth2(TestTokens.token("ranking-test", "service"));
    }

    private static String industry() {
        return "rel-" + UUID.randomUUID().toString().substring(0, 8);
    }

    private String industryOfTwelve() throws Throwable {
        String industry = industry();
        List<ScoreChange> changes = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
            changes.add(change(industry + "-m" + i, industry, (10 + 3 * i) + ".00"));
        }
        apply(changes);
        return industry;
    }

    private static long publish() {
        return asService()
                .post("/internal/releases")
                .then()
                .statusCode(201)
                .body("members", notNullValue())
                .extract()
                .jsonPath()
                .getLong("releaseId");
    }

    private static JsonPath latest(String industry) {
        return asService()
                .get("/internal/releases/latest/industries?code=" + industry)
                .then()
                .statusCode(200)
                .body("", hasSize(1))
                .extract()
                .jsonPath();
    }

    @Test
    void shows_a_new_group_only_from_the_release_after_the_one_it_joined_in() throws Throwable {
        publish();
        String industry = industryOfTwelve();
        long first = publish();
        JsonPath joined = latest(industry);
        assertEquals(first, joined.getLong("[0].releaseId"));
        assertEquals(12, joined.getInt("[0].size"));
        assertEquals(0, joined.getInt("[0].protectedCount"));
        assertEquals("group-too-small", joined.getString("[0].released.withheld"));
        assertEquals(26.5f, joined.getFloat("[0].exact.average"));
        publish();
        JsonPath established = latest(industry);
        assertEquals(12, established.getInt("[0].protectedCount"));
        assertEquals(null, established.getString("[0].released.withheld"));
        float average = established.getFloat("[0].released.average");
        assertTrue(Math.abs(average - 26.5f) < 10, "released average " + average);
    }

    @Test
    void serves_a_release_unchanged_until_the_next_one() throws Throwable {
        String industry = industryOfTwelve();
        publish();
        publish();
        JsonPath before = latest(industry);
        apply(List.of(change(industry + "-m0", industry, "90.00")));
        JsonPath unchanged = latest(industry);
        assertEquals(before.getMap("[0].released"), unchanged.getMap("[0].released"));
        publish();
        JsonPath next = latest(industry);
        assertNotEquals(before.getFloat("[0].exact.average"), next.getFloat("[0].exact.average"));
        assertNotEquals(before.getMap("[0].released"), next.getMap("[0].released"));
    }

    @Test
    void gives_a_member_their_protected_ranks_and_their_history_of_them() throws Throwable {
        String industry = industryOfTwelve();
        publish();
        long release = publish();
        String member = industry + "-m5";
        asService()
                .get("/internal/releases/latest/members/" + member)
                .then()
                .statusCode(200)
                .body("releaseId", equalTo((int) release))
                .body("industry.code", equalTo(industry))
                .body("industry.withheld", nullValue())
                .body("industry.percentileRank", notNullValue())
                .body("network", nullValue());
        String today = LocalDate.now(ZoneOffset.UTC).toString();
        asService()
                .get("/internal/rank-history/" + member + "?from=" + today + "&to=" + today)
                .then()
                .statusCode(200)
                .body("days", hasSize(1))
                .body("days[0].releaseId", equalTo((int) release));
    }

    @Test
    void publishes_the_daily_release_once_however_many_replicas_run_the_job() throws Throwable {
        String industry = industryOfTwelve();
        long published = publish();
        assertEquals(null, releases.publish(true), "today has a release: the daily job of another replica skips");
        assertEquals(published, latest(industry).getLong("[0].releaseId"));
        assertTrue(releases.publish(false).releaseId() > published, "an admin's publication always counts");
    }

    @Test
    void refuses_bad_group_kinds_codes_and_members_with_problems() {
        asService()
                .get("/internal/releases/latest/planets?code=x")
                .then()
                .statusCode(404)
                .contentType("application/problem+json");
        asService()
                .get("/internal/releases/latest/industries?code=NOT_AN_INDUSTRY")
                .then()
                .statusCode(422)
                .contentType("application/problem+json");
        asService()
                .get("/internal/releases/latest/teams")
                .then()
                .statusCode(422)
                .contentType("application/problem+json");
        asService()
                .get("/internal/releases/history/teams?code=a&from=2026-13-01")
                .then()
                .statusCode(422)
                .contentType("application/problem+json");
        asService()
                .get("/internal/rank-history/m-1?to=-999999999-01-01")
                .then()
                .statusCode(422)
                .contentType("application/problem+json")
                .body("errors[0].pointer", equalTo("/to"));
        asService()
                .get("/internal/releases/history/teams?code=a&from=2020-01-01&to=2026-01-01")
                .then()
                .statusCode(422)
                .body("detail", equalTo("from and to must be days (YYYY-MM-DD), from <= to, at most two years apart"))
                .body("errors[0].pointer", equalTo("/from"));
        asService()
                .get("/internal/releases/latest/members/bad%20id")
                .then()
                .statusCode(404)
                .contentType("application/problem+json");
        asService()
                .get("/internal/releases/latest/members/nobody-at-all")
                .then()
                .statusCode(404)
                .contentType("application/problem+json");
        given().post("/internal/releases").then().statusCode(401).contentType("application/problem+json");
        given().auth()
                .oauth2(TestTokens.token("alice", "rep"))
                .post("/internal/releases")
                .then()
                .statusCode(403)
                .contentType("application/problem+json");
    }
}
