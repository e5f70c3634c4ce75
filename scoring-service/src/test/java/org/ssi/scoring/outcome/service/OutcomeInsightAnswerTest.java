package org.ssi.scoring.outcome.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.ssi.problem.ProblemException;
import org.ssi.scoring.outcome.repository.OutcomeRepository.MemberOutcome;
import org.ssi.scoring.outcome.repository.OutcomeRepository.Selection;

/** How the answer is put together from the members' figures: privacy, pillars and the plain statement. */
class OutcomeInsightAnswerTest {

    private static final LocalDate FROM = LocalDate.of(2026, 1, 1);
    private static final LocalDate TO = LocalDate.of(2026, 3, 31);

    /** A member whose pillars are 40/20/10/30% of the score: brand, find, engage, relationships. */
    private static MemberOutcome member(int i, double score, double total) {
        return new MemberOutcome("m-" + i, total, score, 0.4 * score, 0.2 * score, 0.1 * score, 0.3 * score);
    }

    private static OutcomeInsight answer(List<MemberOutcome> members) {
        return OutcomeInsightService.answer(OutcomeMetric.OPPORTUNITIES, FROM, TO, new Selection(members, 2));
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
        nine.add(member(9, 50, 3));
        assertEquals(10, answer(nine).n());
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

        assertEquals(3, insight.leaders().n());
        assertNull(insight.leaders().mean());
        assertEquals("group-too-small", insight.leaders().withheld());
        assertEquals(12, insight.laggards().n());
        assertEquals(new BigDecimal("11.00"), insight.laggards().mean());
        assertNull(insight.leadersToLaggards());
        assertNull(insight.leadersToLaggardsCi95());
    }

    @Test
    void gives_each_pillar_its_slope_per_10_points_of_that_pillar() {
        List<MemberOutcome> members = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            double score = 10 + 4 * i;
            members.add(member(i, score, 0.43 * score));
        }

        OutcomeInsight insight = answer(members);

        assertEquals(new BigDecimal("4.30"), insight.slopePer10Points());
        // brand is 40% of the score: 10 points of brand are 25 points of SSI
        assertEquals(new BigDecimal("10.75"), insight.pillars().get("brand").slopePer10Points());
        assertEquals(new BigDecimal("43.00"), insight.pillars().get("engage").slopePer10Points());
        assertEquals(
                List.of("brand", "find", "engage", "relationships"),
                List.copyOf(insight.pillars().keySet()));
        assertEquals(new BigDecimal("1.000"), insight.correlation());
        assertEquals(2, insight.membersWithoutScores());
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
