package org.ssi.scoring.outcome.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.ssi.privacy.ProtectiveNoise;
import org.ssi.problem.ProblemException;
import org.ssi.scoring.outcome.repository.OutcomeRepository.MemberOutcome;
import org.ssi.scoring.outcome.repository.OutcomeRepository.Selection;
import org.ssi.scoring.outcome.service.OutcomeInsight.Group;

/**
 * How the answer is put together from the members' figures: privacy, pillars and the plain statement. The figures
 * carry protective noise, so they are checked within ten noise scales (missed with probability e^-10) of the exact.
 */
class OutcomeInsightAnswerTest {

    private static final LocalDate FROM = LocalDate.of(2026, 1, 1);
    private static final LocalDate TO = LocalDate.of(2026, 3, 31);

    /** A member whose pillars are 40/20/10/30% of the score: brand, find, engage, relationships. */
    private static MemberOutcome member(int i, double score, double total) {
        return new MemberOutcome("m-" + i, total, score, 0.4 * score, 0.2 * score, 0.1 * score, 0.3 * score);
    }

    /** The bound of opportunities over a range of up to 90 days, as configured by default. */
    static final double BOUND = 100;

    static final ProtectiveNoise NOISE = ProtectiveNoise.fromSecret("the secret of this test, nothing else");

    private static OutcomeInsight answer(List<MemberOutcome> members) {
        Selection selection = new Selection(members, 2);
        return OutcomeInsightService.answer(
                OutcomeMetric.OPPORTUNITIES,
                FROM,
                TO,
                selection,
                OutcomeProtection.of(NOISE, OutcomeMetric.OPPORTUNITIES, BOUND, selection));
    }

    @Test
    void withholds_everything_under_ten_members() {
        List<MemberOutcome> nine = new ArrayList<>();
        for (int i = 0; i < 9; i++) {
            nine.add(member(i, 10 + 8 * i, i));
        }

        ProblemException refusal = assertThrows(ProblemException.class, () -> answer(nine));

        assertEquals("urn:ssi:problem:group-too-small", refusal.problem().type());
        assertEquals(403, refusal.problem().status());
        assertEquals(10, refusal.problem().extensions().get("minimumSize"));
        assertFalse(
                refusal.problem().detail().matches(".*\\b[0-9]\\b.*"),
                () -> "no count under ten: " + refusal.problem().detail());
        nine.add(member(9, 50, 3));
        assertTrue(answer(nine).n() >= 10, "a group shown is never said to be under ten");
    }

    @Test
    void withholds_the_mean_of_a_leader_group_under_ten_and_so_the_ratio() {
        List<MemberOutcome> members = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
            members.add(member(i, 20, 10 + i % 3));
        }
        for (int i = 12; i < 15; i++) {
            members.add(member(i, 80, 30));
        }

        OutcomeInsight insight = answer(members);

        assertEquals(new Group(null, null, "group-too-small"), insight.leaders(), "neither the mean nor the count");
        // 12 laggards: the noisy count is 12 + Laplace(2), the mean 11 + Laplace(8) / 12
        assertEquals(12, insight.laggards().n(), 20);
        assertEquals(11, insight.laggards().mean().doubleValue(), 10 * 8.0 / 12);
        assertNull(insight.laggards().withheld());
        assertNull(insight.leadersToLaggards());
        assertNull(insight.leadersToLaggardsCi95());
    }

    @Test
    void shows_a_withheld_group_as_nulls_beside_the_reason() throws Exception {
        String json = new ObjectMapper().writeValueAsString(new Group(null, null, "group-too-small"));

        assertEquals("{\"n\":null,\"mean\":null,\"withheld\":\"group-too-small\"}", json);
        assertEquals(
                "{\"n\":12,\"mean\":11.00}",
                new ObjectMapper().writeValueAsString(new Group(12L, new BigDecimal("11.00"), null)));
    }

    @Test
    void gives_each_pillar_its_slope_per_10_points_of_that_pillar() {
        List<MemberOutcome> members = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            double score = 10 + 0.4 * i;
            members.add(member(i, score, 0.43 * score));
        }
        // S_xx of the scores: 200 members evenly over [10, 90) have a variance of about 533
        double squares = 200 * 533.3;

        OutcomeInsight insight = answer(members);

        // the noise of a slope per 10 points has the scale 10 × 0.08 × (points of its scale) × bound / S_xx; ten
        // scales are missed with probability e^-10
        double scale = 10 * 0.08 * 100 * BOUND / squares;
        assertEquals(4.3, insight.slopePer10Points().doubleValue(), 10 * scale);
        assertTrue(
                insight.ci95().get(0).doubleValue() < insight.slopePer10Points().doubleValue());
        assertTrue(
                insight.ci95().get(1).doubleValue() > insight.slopePer10Points().doubleValue());
        // brand is 40% of the score: 10 points of brand are 25 points of SSI; its S_xx is 0.4² of the score's
        double brandScale = 10 * 0.08 * 25 * BOUND / (0.16 * squares);
        assertEquals(10.75, insight.pillars().get("brand").slopePer10Points().doubleValue(), 10 * brandScale);
        double engageScale = 10 * 0.08 * 25 * BOUND / (0.01 * squares);
        assertEquals(43, insight.pillars().get("engage").slopePer10Points().doubleValue(), 10 * engageScale);
        assertEquals(
                List.of("brand", "find", "engage", "relationships"),
                List.copyOf(insight.pillars().keySet()));
        // a perfect relation: the noise of S_xy (scale 800 here) against S_xy = 0.43 S_xx ≈ 45,900
        assertEquals(1.0, insight.correlation().doubleValue(), 10 * 800 / (0.43 * squares));
        assertEquals(2, insight.membersWithoutScores(), 20);
        assertEquals(new BigDecimal("100"), insight.outcomeBound());
    }

    @Test
    void states_an_association_not_a_cause_and_names_the_confounders() {
        List<MemberOutcome> members = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            members.add(member(i, 10 + 4 * i, i % 2 == 0 ? 5 : 7));
        }

        OutcomeInsight insight = answer(members);

        assertTrue(insight.statement().startsWith("This is an association, not a cause."), insight.statement());
        for (String confounder : List.of("tenure", "territory", "seniority")) {
            assertTrue(insight.statement().contains(confounder), confounder);
        }
        assertEquals(List.of("tenure", "territory", "seniority"), insight.confounders());
        assertNotNull(insight.ci95());
        assertTrue(insight.statement().contains("includes zero"), insight.statement());
    }

    @Test
    void estimates_no_slope_when_every_member_has_the_same_score() {
        List<MemberOutcome> members = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            members.add(member(i, 42, i));
        }

        OutcomeInsight insight = answer(members);

        assertNull(insight.slopePer10Points());
        assertNull(insight.ci95());
        assertNull(insight.correlation());
        assertTrue(insight.statement().contains("does not vary"), insight.statement());
    }
}
