package org.ssi.ranking;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.oidc.server.OidcWiremockTestResource;
import io.quarkus.vertx.VertxContextSupport;
import jakarta.inject.Inject;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.ssi.devstack.PostgresTestResource;
import org.ssi.devstack.TestTokens;
import org.ssi.ranking.feed.client.ScoreFeedClient.ScoreChange;
import org.ssi.ranking.rank.service.RankService;

@QuarkusTest
@QuarkusTestResource(PostgresTestResource.class)
@QuarkusTestResource(OidcWiremockTestResource.class)
class RankServiceTest {

    private static long seq = 1;

    @Inject
    RankService ranks;

    private void apply(List<ScoreChange> changes) throws Throwable {
        long position = changes.stream().mapToLong(ScoreChange::seq).max().orElse(0);
        VertxContextSupport.subscribeAndAwait(() -> ranks.apply(changes, position));
    }

    private static ScoreChange change(String member, String industry, String score) {
        return change(member, industry, null, score);
    }

    private static ScoreChange change(String member, String industry, String team, String score) {
        return change(member, industry, team, score, LocalDate.now());
    }

    /** A change whose pillars are a quarter of the score each. */
    private static ScoreChange change(String member, String industry, String team, String score, LocalDate day) {
        BigDecimal quarter = new BigDecimal(score).divide(BigDecimal.valueOf(4));
        return new ScoreChange(
                seq++, member, industry, team, day, new BigDecimal(score), quarter, quarter, quarter, quarter, null);
    }

    @Test
    void ranks_a_member_in_their_industry_from_the_stored_feed() throws Throwable {
        String industry = "ind-" + UUID.randomUUID().toString().substring(0, 8);
        List<ScoreChange> changes = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
            changes.add(change(industry + "-m" + i, industry, i < 6 ? "20.00" : "40.00"));
        }
        apply(changes);

        given().headers(TestTokens.viaGateway("alice", "rep"))
                .get("/internal/ranks/" + industry + "-m0/industry")
                .then()
                .statusCode(200)
                .body("code", equalTo(industry))
                .body("size", equalTo(12))
                .body("percentileRank", equalTo(25.0f))
                .body("topPercent", equalTo(75))
                .body("average", equalTo(30.0f));
    }

    @Test
    void a_replayed_or_older_change_does_not_overwrite_a_newer_one() throws Throwable {
        String industry = "ind-" + UUID.randomUUID().toString().substring(0, 8);
        ScoreChange older = change("solo-" + industry, industry, "10.00");
        ScoreChange newer = change("solo-" + industry, industry, "55.50");
        apply(List.of(newer));
        apply(List.of(older, newer));
        given().headers(TestTokens.viaGateway("alice", "rep"))
                .get("/internal/ranks/solo-" + industry + "/industry")
                .then()
                .statusCode(200)
                .body("size", equalTo(1))
                .body("withheld", equalTo("group-too-small"));
        given().headers(TestTokens.viaGateway("alice", "rep"))
                .get("/internal/ranks/nobody-" + industry + "/industry")
                .then()
                .statusCode(404)
                .contentType("application/problem+json");
    }

    @Test
    void a_score_recorded_later_for_an_earlier_day_does_not_become_the_current_one() throws Throwable {
        String industry = "ind-" + UUID.randomUUID().toString().substring(0, 8);
        List<ScoreChange> today = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            today.add(change(industry + "-m" + i, industry, null, "30.00"));
        }
        apply(today);
        // What POST /admin/rollover?day=<a month ago> sends after today's scores: later on the feed, earlier days.
        List<ScoreChange> monthAgo = new ArrayList<>();
        LocalDate earlier = LocalDate.now().minusDays(30);
        for (int i = 0; i < 5; i++) {
            monthAgo.add(change(industry + "-m" + i, industry, null, "10.00", earlier));
        }
        apply(monthAgo);

        given().headers(TestTokens.viaGateway("alice", "rep"))
                .get("/internal/ranks/" + industry + "-m0/industry")
                .then()
                .statusCode(200)
                .body("size", equalTo(10))
                .body("average", equalTo(30.0f));
    }

    @Test
    void aggregates_a_team_with_its_sub_team_and_withholds_a_team_of_nine() throws Throwable {
        String team = "t-" + UUID.randomUUID().toString().substring(0, 8);
        String sub = team + "-sub";
        List<ScoreChange> changes = new ArrayList<>();
        String[] scores = {"10.00", "20.00", "30.00", "40.00", "50.00", "60.00", "70.00", "80.00", "90.00"};
        for (int i = 0; i < scores.length; i++) {
            changes.add(change(team + "-m" + i, "software", sub, scores[i]));
        }
        changes.add(change(team + "-lead", "software", team, "100.00"));
        apply(changes);

        given().headers(TestTokens.viaGateway("maria", "rep", "manager"))
                .get("/internal/team-aggregate?team=" + sub)
                .then()
                .statusCode(200)
                .body("size", equalTo(9))
                .body("withheld", equalTo("group-too-small"))
                .body("average", org.hamcrest.Matchers.nullValue());
        given().headers(TestTokens.viaGateway("maria", "rep", "manager"))
                .get("/internal/team-aggregate?team=" + team + "&team=" + sub)
                .then()
                .statusCode(200)
                .body("size", equalTo(10))
                .body("average", equalTo(55.0f))
                .body("median", equalTo(55.0f))
                .body("pillars.engage", equalTo(13.75f))
                .body("leaders", equalTo(4))
                .body("laggards", equalTo(3))
                .body("distribution[9].count", equalTo(2))
                .body("distribution[0].count", equalTo(0));
    }

    @Test
    void a_member_moved_to_another_industry_and_team_counts_only_in_the_new_ones() throws Throwable {
        String from = "ind-" + UUID.randomUUID().toString().substring(0, 8);
        String to = "ind-" + UUID.randomUUID().toString().substring(0, 8);
        String oldTeam = "t-" + UUID.randomUUID().toString().substring(0, 8);
        String newTeam = "t-" + UUID.randomUUID().toString().substring(0, 8);
        List<ScoreChange> changes = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            changes.add(change(from + "-m" + i, from, oldTeam, "20.00"));
            changes.add(change(to + "-m" + i, to, newTeam, "60.00"));
        }
        apply(changes);
        String mover = from + "-m0";
        apply(List.of(change(mover, to, newTeam, "20.00")));

        given().headers(TestTokens.viaGateway("alice", "rep"))
                .get("/internal/ranks/" + mover + "/industry")
                .then()
                .statusCode(200)
                .body("code", equalTo(to))
                .body("size", equalTo(11))
                .body("percentileRank", equalTo((float) (100.0 * 0.5 / 11)));
        given().headers(TestTokens.viaGateway("alice", "rep"))
                .get("/internal/industries/" + from + "/aggregate")
                .then()
                .statusCode(200)
                .body("size", equalTo(9))
                .body("withheld", equalTo("group-too-small"));
        given().headers(TestTokens.viaGateway("maria", "rep", "manager"))
                .get("/internal/team-aggregate?team=" + oldTeam)
                .then()
                .statusCode(200)
                .body("size", equalTo(9));
        given().headers(TestTokens.viaGateway("maria", "rep", "manager"))
                .get("/internal/team-aggregate?team=" + newTeam)
                .then()
                .statusCode(200)
                .body("size", equalTo(11))
                .body("average", equalTo(56.36f));
    }

    @Test
    void requires_a_token() {
        given().get("/internal/ranks/m-1/industry").then().statusCode(401).contentType("application/problem+json");
        given().get("/q/health/ready").then().statusCode(200);
    }
}
