package org.ssi.ranking;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.greaterThanOrEqualTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.oidc.server.OidcWiremockTestResource;
import io.quarkus.vertx.VertxContextSupport;
import io.restassured.specification.RequestSpecification;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
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
import org.ssi.ranking.snapshot.service.SnapshotService;
import org.ssi.ranking.snapshot.service.SnapshotService.SnapshotSummary;

@QuarkusTest
@QuarkusTestResource(PostgresTestResource.class)
@QuarkusTestResource(OidcWiremockTestResource.class)
class RankSnapshotTest {

    private static long seq = 1_000_000;

    @Inject
    RankService ranks;

    @Inject
    SnapshotService snapshots;

    @Inject
    Pool pool;

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
                LocalDate.now(),
                new BigDecimal(score),
                quarter,
                quarter,
                quarter,
                quarter);
    }

    private static RequestSpecification asRep() {
        return given().headers(TestTokens.viaGateway("alice", "rep"));
    }

    private static String industry() {
        return "snap-" + UUID.randomUUID().toString().substring(0, 8);
    }

    private long rows(String table, LocalDate day) {
        return pool.preparedQuery("select count(*) from ranking." + table + " where day = $1")
                .execute(Tuple.of(day))
                .await()
                .indefinitely()
                .iterator()
                .next()
                .getLong(0);
    }

    @Test
    void keeps_each_days_ranks_so_history_shows_top_percent_over_time() throws Throwable {
        String industry = industry();
        List<ScoreChange> changes = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
            changes.add(change(industry + "-m" + i, industry, i < 6 ? "20.00" : "40.00"));
        }
        apply(changes);
        LocalDate first = LocalDate.of(2031, 3, 1);
        LocalDate second = first.plusDays(1);
        snapshots.take(first);
        apply(List.of(change(industry + "-m0", industry, "90.00")));
        snapshots.take(second);

        asRep().get("/internal/rank-history/" + industry + "-m0?from=" + first + "&to=" + second.plusDays(5))
                .then()
                .statusCode(200)
                .body("memberId", equalTo(industry + "-m0"))
                .body("days.day", contains(first.toString(), second.toString()))
                .body("days.score", contains(20.0f, 90.0f))
                .body("days[0].industry.code", equalTo(industry))
                .body("days[0].industry.size", equalTo(12))
                .body("days[0].industry.percentileRank", equalTo(25.0f))
                .body("days[0].industry.topPercent", equalTo(75))
                .body("days[1].industry.percentileRank", equalTo((float) (100.0 * 11.5 / 12)))
                .body("days[1].industry.topPercent", equalTo(5))
                .body("days[1].network", nullValue());
        asRep().get("/internal/industry-history/" + industry + "?from=" + first + "&to=" + second)
                .then()
                .statusCode(200)
                .body("days.day", contains(first.toString(), second.toString()))
                .body("days.figures.size", contains(12, 12))
                .body("days.figures.average", contains(30.0f, 35.83f))
                .body("days[1].figures.leaders", equalTo(1))
                .body("days[1].figures.distribution[9].count", equalTo(1));
    }

    @Test
    void taking_a_day_again_replaces_it_instead_of_adding_to_it() throws Throwable {
        String industry = industry();
        apply(List.of(change(industry + "-a", industry, "10.00"), change(industry + "-b", industry, "30.00")));
        LocalDate day = LocalDate.of(2032, 6, 15);
        SnapshotSummary once = snapshots.take(day);
        SnapshotSummary twice = snapshots.take(day);

        assertEquals(once.members(), twice.members());
        assertEquals(twice.members(), rows("member_rank_day", day));
        assertEquals(twice.groups(), rows("group_aggregate_day", day));
        assertFalse(twice.withNetwork());
        asRep().get("/internal/rank-history/" + industry + "-b?from=" + day + "&to=" + day)
                .then()
                .statusCode(200)
                .body("days", hasSize(1))
                .body("days[0].industry.percentileRank", equalTo(75.0f));
    }

    @Test
    void withholds_the_figures_of_a_small_industry_in_history_too() throws Throwable {
        String industry = industry();
        apply(List.of(change(industry + "-a", industry, "10.00"), change(industry + "-b", industry, "30.00")));
        LocalDate day = LocalDate.of(2033, 1, 1);
        snapshots.take(day);

        asRep().get("/internal/industry-history/" + industry + "?from=" + day + "&to=" + day)
                .then()
                .statusCode(200)
                .body("days[0].figures.size", equalTo(2))
                .body("days[0].figures.withheld", equalTo("group-too-small"))
                .body("days[0].figures.average", nullValue())
                .body("days[0].figures.median", nullValue())
                .body("days[0].figures.distribution", nullValue());
    }

    @Test
    void drops_snapshots_older_than_two_years_when_a_new_one_is_taken() throws Throwable {
        String industry = industry();
        apply(List.of(change(industry + "-a", industry, "50.00")));
        LocalDate old = LocalDate.of(2040, 1, 1);
        snapshots.take(old);
        snapshots.take(old.plusDays(730));
        assertTrue(rows("member_rank_day", old) > 0, "730 days later the old day is still within two years");
        snapshots.take(old.plusDays(731));
        assertEquals(0, rows("member_rank_day", old));
        assertEquals(0, rows("group_aggregate_day", old));
    }

    @Test
    void answers_bad_ranges_and_ids_with_problems_and_requires_a_token() {
        asRep().get("/internal/rank-history/m-1?from=2026-13-01")
                .then()
                .statusCode(422)
                .contentType("application/problem+json")
                .body("errors[0].pointer", equalTo("/from"));
        asRep().get("/internal/rank-history/m-1?from=2026-02-01&to=2026-01-01")
                .then()
                .statusCode(422)
                .contentType("application/problem+json");
        asRep().get("/internal/rank-history/m-1?from=2024-01-01&to=2026-01-01")
                .then()
                .statusCode(422)
                .contentType("application/problem+json");
        asRep().get("/internal/rank-history/bad%20id").then().statusCode(404).contentType("application/problem+json");
        asRep().get("/internal/industry-history/NOT_AN_INDUSTRY")
                .then()
                .statusCode(404)
                .contentType("application/problem+json");
        asRep().get("/internal/rank-history/nobody-at-all")
                .then()
                .statusCode(200)
                .body("days", hasSize(0));
        given().get("/internal/rank-history/m-1").then().statusCode(401).contentType("application/problem+json");
        given().auth()
                .oauth2(TestTokens.token("alice", "rep"))
                .post("/internal/rank-snapshots")
                .then()
                .statusCode(403)
                .contentType("application/problem+json");
    }

    @Test
    void an_admin_takes_todays_snapshot_on_demand() throws Throwable {
        String industry = industry();
        apply(List.of(change(industry + "-a", industry, "42.00")));
        given().headers(TestTokens.viaGateway("root", "admin"))
                .post("/internal/rank-snapshots")
                .then()
                .statusCode(200)
                .body("day", equalTo(LocalDate.now(java.time.ZoneOffset.UTC).toString()))
                .body("members", greaterThanOrEqualTo(1))
                .body("withNetwork", equalTo(false));
        asRep().get("/internal/rank-history/" + industry + "-a")
                .then()
                .statusCode(200)
                .body("days", hasSize(1))
                .body("days[0].score", equalTo(42.0f));
    }
}
