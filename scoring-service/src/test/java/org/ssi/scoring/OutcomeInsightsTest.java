package org.ssi.scoring;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsInAnyOrder;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.greaterThanOrEqualTo;
import static org.hamcrest.Matchers.hasKey;
import static org.hamcrest.Matchers.matchesPattern;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
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
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import org.apache.commons.math3.stat.StatUtils;
import org.hamcrest.Description;
import org.hamcrest.Matcher;
import org.hamcrest.TypeSafeMatcher;
import org.junit.jupiter.api.Test;
import org.ssi.devstack.PostgresTestResource;
import org.ssi.devstack.TestTokens;
import org.ssi.scoring.outcome.repository.OutcomeRepository;
import org.ssi.scoring.outcome.repository.OutcomeRepository.MemberOutcome;
import org.ssi.scoring.outcome.service.OutcomeMetric;
import org.ssi.scoring.outcome.service.OutcomeProtection;
import org.ssi.scoring.outcome.service.OutcomeStatistics;
import org.ssi.scoring.outcome.service.OutcomeStatistics.Ratio;
import org.ssi.scoring.outcome.service.OutcomeStatistics.Slope;

/**
 * GET /internal/insights/outcomes on simulated organisations whose true relation is known. Each test reads its own
 * metric and range of days, so that the tests do not see each other's members. The answers carry protective noise:
 * the exact figures are read from the raw selection (OutcomeRepository), and the released ones are checked within ten
 * noise scales of them (missed with probability e^-10), or by the conclusions they support.
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

    /** Ten scales of the noise on a count, Laplace(2): missed with probability e^-10. */
    private static final double COUNT_TOLERANCE = 20;

    /** A digit standing alone: a count under ten. */
    private static final String SMALL_COUNT = ".*\\b[0-9]\\b.*";

    private static final Map<String, Object> WITHHELD = new HashMap<>();

    static {
        WITHHELD.put("n", null);
        WITHHELD.put("mean", null);
        WITHHELD.put("withheld", "group-too-small");
    }

    /** A JSON number (Integer, Float, …) within {@code tolerance} of {@code value}. */
    private static Matcher<Object> near(double value, double tolerance) {
        return new TypeSafeMatcher<>(Number.class) {
            @Override
            protected boolean matchesSafely(Object item) {
                return Math.abs(((Number) item).doubleValue() - value) <= tolerance;
            }

            @Override
            public void describeTo(Description description) {
                description.appendText("a number within " + tolerance + " of " + value);
            }
        };
    }

    /** The exact figures the answer is computed from: each member's total, score and relationships pillar. */
    private record Exact(
            double[] totals, double[] scores, double[] relationships, double[] leaders, double[] laggards) {

        Slope slope() {
            return OutcomeStatistics.slope(scores, totals).orElseThrow();
        }
    }

    private Exact exact(OutcomeMetric metric, LocalDate from, LocalDate to) {
        List<MemberOutcome> members =
                outcomes.select(metric, from, to).await().indefinitely().members();
        return new Exact(
                members.stream().mapToDouble(MemberOutcome::total).toArray(),
                members.stream().mapToDouble(MemberOutcome::score).toArray(),
                members.stream().mapToDouble(MemberOutcome::relationships).toArray(),
                members.stream()
                        .filter(m -> m.score() >= 70)
                        .mapToDouble(MemberOutcome::total)
                        .toArray(),
                members.stream()
                        .filter(m -> m.score() <= 30)
                        .mapToDouble(MemberOutcome::total)
                        .toArray());
    }

    /**
     * The scale of the noise on a slope per 10 points: 10 × 0.08 × (the predictor's maximum) × (the bound) / S_xx
     * (OutcomeProtection).
     */
    private static double slopeScale(double[] x, double xMax, double bound) {
        double mean = StatUtils.mean(x);
        double squares = 0;
        for (double value : x) {
            squares += (value - mean) * (value - mean);
        }
        return 10 * OutcomeProtection.SCALE_PER_SENSITIVITY * xMax * bound / squares;
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
                .body("n", near(200, COUNT_TOLERANCE))
                .body("statement", containsString("association, not a cause"))
                .body("confounders", equalTo(List.of("tenure", "territory", "seniority")))
                .body("pillars.keySet()", containsInAnyOrder("brand", "find", "engage", "relationships"))
                .body("outcomeBound", equalTo(100))
                .extract()
                .jsonPath();

        // the exact figures, from the raw selection: the relation is recovered within its interval
        Exact exact = exact(OutcomeMetric.OPPORTUNITIES, from, to);
        Slope per10 = exact.slope().per(10);
        assertTrue(per10.covers(4.3), () -> "exact interval " + per10);
        assertEquals(4.3, per10.slope(), 1.0);
        // relationships is 30% of the score: 10 points of it are 33 points of SSI
        Slope relationships = OutcomeStatistics.slope(exact.relationships(), exact.totals())
                .orElseThrow()
                .per(10);
        assertEquals(per10.slope() / 0.3, relationships.slope(), 0.2);

        // the released figures: within ten noise scales of the exact ones (missed with probability e^-10)
        double slope = answer.getDouble("slopePer10Points");
        double low = answer.getDouble("ci95[0]");
        double high = answer.getDouble("ci95[1]");
        System.out.printf(
                "Known relation +4.3 per 10 points: exact %.2f [%.2f, %.2f], released %.2f [%.2f, %.2f]%n",
                per10.slope(), per10.low(), per10.high(), slope, low, high);
        assertEquals(per10.slope(), slope, 10 * slopeScale(exact.scores(), 100, 100));
        assertTrue(low < slope && slope < high, () -> "interval [" + low + ", " + high + "]");
        assertTrue(low > 0, "the relation is clearly there");
        assertTrue(answer.getDouble("correlation") > 0.7, "a strong association");
        assertEquals(
                relationships.slope(),
                answer.getDouble("pillars.relationships.slopePer10Points"),
                10 * slopeScale(exact.relationships(), 25, 100));
    }

    @Test
    void covers_zero_when_outcomes_do_not_depend_on_ssi() {
        LocalDate from = TODAY.minusDays(200);
        LocalDate to = from.plusDays(29);
        String prefix = members();
        ScoreHistoryFixture history = new ScoreHistoryFixture(pool);
        List<Map<String, Object>> outcomes = new ArrayList<>();
        // at every score the same four totals: the exact slope is 0, and its standard error (about 4.5 deals over
        // the root of S_xx) is six times the noise's scale, so the released interval covers 0 but with
        // probability of about e^-12
        int[] won = {2, 6, 10, 14};
        for (int i = 0; i < 400; i++) {
            history.scored(prefix + i, from, to, 10 + 0.8 * (i / 4));
            outcomes.add(outcome(prefix + i, prefix + i, "deals_won", from, to, won[i % 4]));
        }
        history.store();
        post(outcomes).statusCode(200);

        JsonPath answer = insights("deals_won", from, to)
                .statusCode(200)
                .body("n", near(400, COUNT_TOLERANCE))
                .extract()
                .jsonPath();

        assertEquals(0, exact(OutcomeMetric.DEALS_WON, from, to).slope().slope(), 1e-9);
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
        for (int i = 0; i < 250; i++) {
            double ssi = i < 100 ? 72 + 0.2 * i : i < 200 ? 10 + 0.2 * (i - 100) : 40 + 0.5 * (i - 200);
            int meetings = i < 100 ? (i % 2 == 0 ? 16 : 24) : i < 200 ? (i % 2 == 0 ? 8 : 12) : 15;
            // days outside the member's period, though inside the range, do not count: with them a leader's
            // average would fall under 70
            history.scored(prefix + i, from, periodStart.minusDays(1), 0);
            history.scored(prefix + i, periodStart, to, ssi);
            outcomes.add(outcome(prefix + i, prefix + i, "meetings", periodStart, to, meetings));
        }
        history.store();
        post(outcomes).statusCode(200);

        // exact, from the raw selection: 100 leaders averaging 20 meetings, 100 laggards averaging 10
        Exact exact = exact(OutcomeMetric.MEETINGS, from, to);
        assertEquals(100, exact.leaders().length);
        assertEquals(20, StatUtils.mean(exact.leaders()), 1e-9);
        assertEquals(100, exact.laggards().length);
        assertEquals(10, StatUtils.mean(exact.laggards()), 1e-9);
        Ratio ratio = OutcomeStatistics.ratioOfMeans(exact.leaders(), exact.laggards())
                .orElseThrow();

        // released: each mean carries Laplace(0.08 × 200) / 100 = Laplace(0.16); ten scales are 1.6 meetings
        JsonPath answer = insights("meetings", from, to)
                .statusCode(200)
                .body("n", near(250, COUNT_TOLERANCE))
                .body("leaders.n", near(100, COUNT_TOLERANCE))
                .body("leaders.mean", near(20, 1.6))
                .body("leaders", not(hasKey("withheld")))
                .body("laggards.n", near(100, COUNT_TOLERANCE))
                .body("laggards.mean", near(10, 1.6))
                .extract()
                .jsonPath();
        double released = answer.getDouble("leadersToLaggards");
        assertEquals(
                answer.getDouble("leaders.mean") / answer.getDouble("laggards.mean"),
                released,
                0.01,
                "the ratio of the released means");
        assertEquals(2.0, released, 0.5);
        double low = answer.getDouble("leadersToLaggardsCi95[0]");
        double high = answer.getDouble("leadersToLaggardsCi95[1]");
        assertTrue(low < released && released < high, () -> "interval [" + low + ", " + high + "]");
        double widening = Math.log(high / low) / Math.log(ratio.high() / ratio.low());
        assertTrue(widening > 0.5 && widening < 3, () -> "the interval is widened x" + widening);
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
                .body("minimumSize", equalTo(10))
                .body("detail", not(matchesPattern(SMALL_COUNT)));

        history.scored(prefix + 9, from, to, 70).store();
        post(List.of(outcome(prefix + 9, prefix + 9, "revenue", from, to, 9000)))
                .statusCode(200);
        // one leader and three laggards: both withheld, count and mean, never a count under ten
        String body = insights("revenue", from, to)
                .statusCode(200)
                .body("n", greaterThanOrEqualTo(10))
                .body("membersWithoutScores", near(1, COUNT_TOLERANCE))
                .body("leaders", equalTo(WITHHELD))
                .body("laggards", equalTo(WITHHELD))
                .body("leadersToLaggards", nullValue())
                .body("outcomeBound", equalTo(2000000))
                .extract()
                .asString();
        assertFalse(body.matches(".*\"n\":[0-9][,}].*"), () -> "no count under ten: " + body);
    }

    /**
     * Issue 20, class 7, as an analyst would try it: two ranges whose outcomes differ by exactly one member, a leader
     * whose period ends a day later than everyone else's. In each of eight trials (fresh members and days), the
     * attacker derives the leader's total from the leaders' means, knowing the exact sizes of both groups (stronger
     * than reading the noisy counts), and from the published counts. The error is the difference of two Laplace(8)
     * draws (0.08 × the bound of 100 opportunities), 16 opportunities RMS in expectation; the floor asserted is 5,
     * the privacy promise, against totals of 10 to 40. Eight trials fall under it with probability below 10^-4.
     */
    @Test
    void hides_one_members_total_from_two_ranges_that_differ_by_that_member() {
        int trials = 8;
        double squares = 0;
        double publishedSquares = 0;
        Random random = new Random();
        for (int trial = 0; trial < trials; trial++) {
            LocalDate from = TODAY.minusDays(600 + 35L * trial);
            LocalDate to = from.plusDays(29);
            String prefix = members();
            ScoreHistoryFixture history = new ScoreHistoryFixture(pool);
            List<Map<String, Object>> outcomes = new ArrayList<>();
            // 30 leaders, 25 laggards, 10 between: the leaders' noisy count is under ten with probability 10^-5
            for (int i = 0; i < 65; i++) {
                double ssi = i < 30 ? 70 + 25 * random.nextDouble() : i < 55 ? 5 + 25 * random.nextDouble() : 50;
                history.scored(prefix + i, from, to, ssi);
                outcomes.add(outcome(
                        prefix + i, prefix + i, "opportunities", from, to.minusDays(1), 10 + random.nextInt(31)));
            }
            int target = 10 + random.nextInt(31);
            history.scored(prefix + "target", from, to, 85);
            outcomes.add(outcome(prefix + "target", prefix + "target", "opportunities", from, to, target));
            history.store();
            post(outcomes).statusCode(200);

            JsonPath without = insights("opportunities", from, to.minusDays(1))
                    .statusCode(200)
                    .extract()
                    .jsonPath();
            JsonPath with = insights("opportunities", from, to)
                    .statusCode(200)
                    .extract()
                    .jsonPath();

            double derived = 31 * with.getDouble("leaders.mean") - 30 * without.getDouble("leaders.mean");
            double published = with.getDouble("leaders.n") * with.getDouble("leaders.mean")
                    - without.getDouble("leaders.n") * without.getDouble("leaders.mean");
            squares += Math.pow(derived - target, 2);
            publishedSquares += Math.pow(published - target, 2);
        }
        double rms = Math.sqrt(squares / trials);
        double publishedRms = Math.sqrt(publishedSquares / trials);
        System.out.printf(
                "Outcome differencing through the endpoint, %d trials: RMS error %.1f opportunities with the exact"
                        + " group sizes, %.1f with the published counts%n",
                trials, rms, publishedRms);
        assertTrue(rms >= 5, () -> "RMS error " + rms);
        assertTrue(publishedRms >= 5, () -> "RMS error with the published counts " + publishedRms);
    }

    @Test
    void answers_the_same_figures_when_asked_again_or_over_a_wider_range_of_the_same_outcomes() {
        LocalDate from = TODAY.minusDays(150);
        LocalDate to = from.plusDays(29);
        String prefix = members();
        Random random = new Random();
        ScoreHistoryFixture history = new ScoreHistoryFixture(pool);
        List<Map<String, Object>> outcomes = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            history.scored(prefix + i, from, to, 5 + 90 * random.nextDouble());
            outcomes.add(outcome(prefix + i, prefix + i, "revenue", from, to, 1000 * random.nextInt(50)));
        }
        history.store();
        post(outcomes).statusCode(200);

        String first = insights("revenue", from, to).statusCode(200).extract().asString();
        String again = insights("revenue", from, to).statusCode(200).extract().asString();
        JsonPath wider = insights("revenue", from.minusDays(10), to.plusDays(5))
                .statusCode(200)
                .extract()
                .jsonPath();

        assertEquals(first, again, "asking again cannot average the noise away");
        JsonPath answer = JsonPath.from(first);
        // no outcome lies in the extra days: the same data, so the same figures, not a fresh draw of the noise
        for (String figure : List.of(
                "n",
                "slopePer10Points",
                "ci95",
                "correlation",
                "leaders",
                "laggards",
                "pillars",
                "membersWithoutScores")) {
            assertEquals((Object) answer.get(figure), wider.get(figure), figure);
        }
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
