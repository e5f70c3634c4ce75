package org.ssi.scoring;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsInAnyOrder;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.ssi.scoring.ScoreHistoryFixture.outcome;
import static org.ssi.scoring.ScoreHistoryFixture.post;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.oidc.server.OidcWiremockTestResource;
import io.restassured.path.json.JsonPath;
import io.restassured.response.ValidatableResponse;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.inject.Inject;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.ssi.devstack.PostgresTestResource;
import org.ssi.devstack.TestTokens;
import org.ssi.scoring.outcome.repository.OutcomeRepository;
import org.ssi.scoring.outcome.repository.OutcomeRepository.MemberOutcome;
import org.ssi.scoring.outcome.service.OutcomeMetric;

/**
 * GET /internal/insights/outcomes on simulated organisations whose true relation is known. Each test reads its own
 * metric and range of days, so that the tests do not see each other's members.
 */
@QuarkusTest
@QuarkusTestResource(PostgresTestResource.class)
@QuarkusTestResource(OidcWiremockTestResource.class)
class OutcomeInsightsTest {

    private static final LocalDate TODAY = LocalDate.now(ZoneOffset.UTC);

    @Inject
    Pool pool;

    @Inject
    OutcomeRepository outcomes;

    private static ValidatableResponse insights(String metric, LocalDate from, LocalDate to) {
        return given().headers(TestTokens.viaGateway("ana", "analyst"))
                .get("/internal/insights/outcomes?metric=" + metric + "&from=" + from + "&to=" + to)
                .then();
    }

    private static String members() {
        return "ins-" + UUID.randomUUID().toString().substring(0, 8) + "-";
    }

    @Test
    void recovers_a_known_slope_of_4_3_opportunities_per_10_points_within_its_interval() {
        LocalDate from = TODAY.minusDays(100);
        LocalDate middle = from.plusDays(14);
        LocalDate to = from.plusDays(29);
        String prefix = members();
        Random random = new Random(43);
        ScoreHistoryFixture history = new ScoreHistoryFixture(pool);
        List<Map<String, Object>> outcomes = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            double ssi = Math.round((10 + 80 * random.nextDouble()) * 100) / 100.0;
            // +4.3 opportunities per 10 points, with noise that grows with the score
            long opportunities = Math.max(0, Math.round(3 + 0.43 * ssi + (1 + 0.05 * ssi) * random.nextGaussian()));
            long firstHalf = opportunities / 2;
            history.scored(prefix + i, from, to, ssi);
            outcomes.add(outcome(prefix + i + "-a", prefix + i, "opportunities", from, middle, firstHalf));
            outcomes.add(outcome(
                    prefix + i + "-b", prefix + i, "opportunities", middle.plusDays(1), to, opportunities - firstHalf));
        }
        history.store();
        post(outcomes).statusCode(200).body("accepted", equalTo(400));

        JsonPath answer = insights("opportunities", from, to)
                .statusCode(200)
                .body("metric", equalTo("opportunities"))
                .body("n", equalTo(200))
                .body("statement", containsString("association, not a cause"))
                .body("confounders", equalTo(List.of("tenure", "territory", "seniority")))
                .body("pillars.keySet()", containsInAnyOrder("brand", "find", "engage", "relationships"))
                .extract()
                .jsonPath();

        double slope = answer.getDouble("slopePer10Points");
        double low = answer.getDouble("ci95[0]");
        double high = answer.getDouble("ci95[1]");
        System.out.printf(
                "Known relation +4.3 per 10 points: estimated %.2f, 95%% interval [%.2f, %.2f]%n", slope, low, high);
        assertTrue(low <= 4.3 && 4.3 <= high, () -> "interval [" + low + ", " + high + "]");
        assertEquals(4.3, slope, 1.0);
        assertTrue(low > 0, "the relation is clearly there");
        assertTrue(answer.getDouble("correlation") > 0.7, "a strong association");
        // relationships is 30% of the score: 10 points of it are 33 points of SSI
        assertEquals(slope / 0.3, answer.getDouble("pillars.relationships.slopePer10Points"), 0.2);
    }

    @Test
    void covers_zero_when_outcomes_do_not_depend_on_ssi() {
        LocalDate from = TODAY.minusDays(200);
        LocalDate to = from.plusDays(29);
        String prefix = members();
        Random random = new Random(5);
        ScoreHistoryFixture history = new ScoreHistoryFixture(pool);
        List<Map<String, Object>> outcomes = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            history.scored(prefix + i, from, to, 10 + 80 * random.nextDouble());
            long won = Math.max(0, Math.round(5 + 2 * random.nextGaussian()));
            outcomes.add(outcome(prefix + i, prefix + i, "deals_won", from, to, won));
        }
        history.store();
        post(outcomes).statusCode(200);

        JsonPath answer = insights("deals_won", from, to)
                .statusCode(200)
                .body("n", equalTo(100))
                .extract()
                .jsonPath();

        assertTrue(answer.getDouble("ci95[0]") <= 0 && 0 <= answer.getDouble("ci95[1]"), answer.prettify());
        assertTrue(answer.getString("statement").contains("includes zero"), answer.getString("statement"));
    }

    @Test
    void compares_leaders_with_laggards_at_a_known_ratio_over_the_outcome_periods_only() {
        LocalDate from = TODAY.minusDays(300);
        LocalDate periodStart = from.plusDays(5);
        LocalDate to = from.plusDays(29);
        String prefix = members();
        ScoreHistoryFixture history = new ScoreHistoryFixture(pool);
        List<Map<String, Object>> outcomes = new ArrayList<>();
        for (int i = 0; i < 30; i++) {
            double ssi = i < 12 ? 72 + i : i < 24 ? 10 + 1.5 * (i - 12) : 40 + 4 * (i - 24);
            int meetings = i < 12 ? (i % 2 == 0 ? 16 : 24) : i < 24 ? (i % 2 == 0 ? 8 : 12) : 15;
            // days outside the member's period, though inside the range, do not count: with them a leader's
            // average would fall under 70
            history.scored(prefix + i, from, periodStart.minusDays(1), 0);
            history.scored(prefix + i, periodStart, to, ssi);
            outcomes.add(outcome(prefix + i, prefix + i, "meetings", periodStart, to, meetings));
        }
        history.store();
        post(outcomes).statusCode(200);

        insights("meetings", from, to)
                .statusCode(200)
                .body("n", equalTo(30))
                .body("leaders.n", equalTo(12))
                .body("leaders.mean", equalTo(20.0f))
                .body("laggards.n", equalTo(12))
                .body("laggards.mean", equalTo(10.0f))
                .body("leadersToLaggards", equalTo(2.0f))
                // delta method on the log ratio, computed independently with numpy and scipy
                .body("leadersToLaggardsCi95", equalTo(List.of(1.69f, 2.36f)));
    }

    @Test
    void averages_each_scored_day_once_where_a_members_periods_overlap() {
        LocalDate from = TODAY.minusDays(500);
        String member = members() + "overlap";
        ScoreHistoryFixture history = new ScoreHistoryFixture(pool);
        history.scored(member, from, from.plusDays(4), 40);
        history.scored(member, from.plusDays(5), from.plusDays(9), 100);
        history.scored(member, from.plusDays(10), from.plusDays(14), 40);
        history.store();
        post(List.of(
                        outcome(member + "-a", member, "meetings", from, from.plusDays(9), 1),
                        outcome(member + "-b", member, "meetings", from.plusDays(5), from.plusDays(14), 2),
                        outcome(member + "-c", member, "meetings", from.plusDays(2), from.plusDays(3), 4)))
                .statusCode(200);

        MemberOutcome figures =
                outcomes
                        .select(OutcomeMetric.MEETINGS, from, from.plusDays(14))
                        .await()
                        .indefinitely()
                        .members()
                        .stream()
                        .filter(m -> m.memberId().equals(member))
                        .findFirst()
                        .orElseThrow();

        // 15 distinct days: (5 * 40 + 5 * 100 + 5 * 40) / 15; counting the overlap twice would give 70 or more
        assertEquals(60, figures.score(), 1e-9);
        assertEquals(7, figures.total(), 1e-9);
        assertEquals(15, figures.find(), 1e-9, "find is a quarter of the score");
    }

    @Test
    void withholds_the_figures_of_fewer_than_ten_scored_members() {
        LocalDate from = TODAY.minusDays(400);
        LocalDate to = from.plusDays(29);
        String prefix = members();
        ScoreHistoryFixture history = new ScoreHistoryFixture(pool);
        List<Map<String, Object>> outcomes = new ArrayList<>();
        for (int i = 0; i < 9; i++) {
            history.scored(prefix + i, from, to, 20 + 5 * i);
            outcomes.add(outcome(prefix + i, prefix + i, "revenue", from, to, 1000 * i));
        }
        // scored, but not during the period: not counted
        history.scored(prefix + "late", to.plusDays(1), to.plusDays(1), 50);
        outcomes.add(outcome(prefix + "late", prefix + "late", "revenue", from, to, 500));
        history.store();
        post(outcomes).statusCode(200);

        insights("revenue", from, to)
                .statusCode(403)
                .contentType("application/problem+json")
                .body("type", equalTo("urn:ssi:problem:group-too-small"))
                .body("minimumSize", equalTo(10));

        history.scored(prefix + 9, from, to, 70).store();
        post(List.of(outcome(prefix + 9, prefix + 9, "revenue", from, to, 9000)))
                .statusCode(200);
        insights("revenue", from, to).statusCode(200).body("n", equalTo(10)).body("membersWithoutScores", equalTo(1));
    }

    @Test
    void rejects_an_unknown_metric_and_a_bad_range_by_pointer() {
        given().headers(TestTokens.viaGateway("ana", "analyst"))
                .get("/internal/insights/outcomes")
                .then()
                .statusCode(422)
                .body("errors.pointer", equalTo(List.of("/metric")));
        insights("calls", TODAY.minusDays(10), TODAY)
                .statusCode(422)
                .body("errors.pointer", equalTo(List.of("/metric")));
        insights("meetings", TODAY, TODAY.minusDays(1))
                .statusCode(422)
                .body("errors.pointer", equalTo(List.of("/from")));
        insights("meetings", TODAY.minusDays(800), TODAY)
                .statusCode(422)
                .body("errors.pointer", equalTo(List.of("/from")));
        given().headers(TestTokens.viaGateway("ana", "analyst"))
                .get("/internal/insights/outcomes?metric=meetings&from=2026-02-30&to=today")
                .then()
                .statusCode(422)
                .contentType("application/problem+json")
                .body("errors.pointer", containsInAnyOrder("/from", "/to"));
    }

    @Test
    void answers_401_without_a_token_and_403_to_anyone_but_an_analyst() {
        given().get("/internal/insights/outcomes?metric=meetings")
                .then()
                .statusCode(401)
                .contentType("application/problem+json");
        for (String role : List.of("rep", "manager", "ingest", "admin")) {
            given().headers(TestTokens.viaGateway("someone", role))
                    .get("/internal/insights/outcomes?metric=meetings")
                    .then()
                    .statusCode(403)
                    .body("type", equalTo("urn:ssi:problem:forbidden"));
        }
    }
}
