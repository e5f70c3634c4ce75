package org.ssi.scoring;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.ssi.scoring.model.Explanation;
import org.ssi.scoring.model.MemberInputs;
import org.ssi.scoring.model.PillarScores;
import org.ssi.scoring.model.ScoringModel;

/** Properties of model v1 over many random members (seeded, so a failure can be replayed). */
class ModelPropertiesTest {

    private static final List<String> VOLUMES = List.of(
            "ENDORSEMENT_RECEIVED",
            "ARTICLE_PUBLISHED",
            "ARTICLE_FOLLOWER_GAINED",
            "POST_VIEW_RECEIVED",
            "FOLLOWER_GAINED",
            "PEOPLE_SEARCH",
            "LEAD_SEARCH",
            "PROFILE_VIEW_MADE",
            "PROFILE_VIEW_MADE:degree=3",
            "PROFILE_VIEW_RECEIVED",
            "LEAD_SAVED",
            "POST_SHARED",
            "ENGAGEMENT_GIVEN",
            "ENGAGEMENT_RECEIVED",
            "ARTICLE_ENGAGEMENT_RECEIVED",
            "MESSAGE_SENT",
            "GROUP_JOINED",
            "ACCOUNT_SAVED",
            "ACCOUNT_RESEARCHED",
            "CONNECTION_ADDED:external",
            "CONNECTION_ADDED:external:seniority=VP",
            "CONNECTION_ADDED:external:sameCompany");
    private static final int MEMBERS = 2_000;

    private final ScoringModel model = new ScoringModel();

    static MemberInputs randomMember(Random random) {
        Map<String, Long> window = new HashMap<>();
        for (String metric : VOLUMES) {
            if (random.nextInt(3) > 0) {
                window.put(metric, (long) Math.pow(10, random.nextDouble() * 4) - 1);
            }
        }
        long inmails = random.nextInt(200);
        window.put("INMAIL_SENT", inmails);
        window.put("INMAIL_REPLY_RECEIVED", inmails == 0 ? 0 : (long) random.nextInt((int) inmails + 1));
        long requests = random.nextInt(300);
        window.put("CONNECTION_REQUEST_SENT", requests);
        window.put("CONNECTION_ADDED", requests == 0 ? 0 : (long) random.nextInt((int) requests + 1));
        window.put("FOLLOWER_LOST", (long) random.nextInt(50));
        return new MemberInputs(
                "m",
                "software",
                "SENIOR",
                null,
                new MemberInputs.Profile(
                        random.nextBoolean(),
                        random.nextBoolean(),
                        random.nextBoolean(),
                        random.nextBoolean(),
                        random.nextBoolean(),
                        random.nextBoolean(),
                        random.nextBoolean()),
                LocalDate.of(2026, 11, 20),
                window,
                Map.copyOf(window),
                random.nextInt(91),
                Map.of("VP", (long) random.nextInt(20), "SENIOR", (long) random.nextInt(100)));
    }

    @Test
    void pillars_stay_within_zero_and_twenty_five_and_the_score_is_their_sum() {
        Random random = new Random(1);
        for (int i = 0; i < MEMBERS; i++) {
            PillarScores scores = model.score(randomMember(random));
            for (BigDecimal pillar : List.of(scores.brand(), scores.find(), scores.engage(), scores.relationships())) {
                assertTrue(pillar.signum() >= 0 && pillar.compareTo(BigDecimal.valueOf(25)) <= 0, pillar::toString);
            }
            assertEquals(
                    scores.brand().add(scores.find()).add(scores.engage()).add(scores.relationships()), scores.score());
        }
    }

    @Test
    void more_of_an_activity_never_lowers_a_pillar() {
        Random random = new Random(2);
        for (int i = 0; i < MEMBERS; i++) {
            MemberInputs member = randomMember(random);
            String metric = VOLUMES.get(random.nextInt(VOLUMES.size()));
            PillarScores before = model.score(member);
            PillarScores after = model.score(member.plus(Map.of(metric, 1L + random.nextInt(100))));
            assertTrue(after.score().compareTo(before.score()) >= 0, () -> metric + " lowered the score");
        }
    }

    @Test
    void the_explanation_adds_up_exactly_to_the_score() {
        Random random = new Random(3);
        for (int i = 0; i < MEMBERS; i++) {
            MemberInputs member = randomMember(random);
            Explanation explanation = model.explain(member);
            assertEquals(model.score(member).score(), explanation.score());
            BigDecimal pillars = BigDecimal.ZERO.setScale(2);
            for (Explanation.Pillar pillar : explanation.pillars()) {
                BigDecimal subMetrics = pillar.subMetrics().stream()
                        .map(Explanation.SubMetric::points)
                        .reduce(BigDecimal.ZERO.setScale(2), BigDecimal::add);
                assertEquals(pillar.points(), subMetrics, pillar.pillar());
                pillar.subMetrics().forEach(s -> assertTrue(s.points().compareTo(s.maxPoints()) <= 0, s.key()));
                pillars = pillars.add(pillar.points());
            }
            assertEquals(explanation.score(), pillars);
        }
    }

    @Test
    void the_same_inputs_always_give_the_same_score() {
        Random random = new Random(4);
        for (int i = 0; i < 200; i++) {
            MemberInputs member = randomMember(random);
            assertEquals(model.score(member), model.score(member));
            assertEquals(model.explain(member), model.explain(member));
        }
    }

    @Test
    void recommends_the_actions_that_gain_most_first_and_each_gain_is_real() {
        MemberInputs newcomer = ScoringModelTest.inputs(Map.of(), Map.of(), 0);
        List<Explanation.Recommendation> recommendations =
                model.explain(newcomer).recommendations();
        assertEquals(5, recommendations.size());
        assertBestFirst(recommendations);
        // An empty profile first: a photo is 2 of the profile's 10 points, more than any one action earns.
        assertEquals("Add a photo to your profile", recommendations.get(0).action());
        assertEquals(new BigDecimal("2.00"), recommendations.get(0).gain());

        MemberInputs completeProfile = new MemberInputs(
                "m-2",
                "software",
                "SENIOR",
                null,
                new MemberInputs.Profile(true, true, true, true, true, true, true),
                newcomer.day(),
                Map.of(),
                Map.of(),
                0,
                Map.of());
        List<Explanation.Recommendation> next = model.explain(completeProfile).recommendations();
        assertBestFirst(next);
        // 5 * (1 - e^(-10/50)) = 0.906 for ten coworkers, then 4 * (1 - e^(-1/5)) = 0.725 for one article.
        assertEquals("Connect with your coworkers", next.get(0).action());
        assertEquals(new BigDecimal("0.91"), next.get(0).gain());
        assertEquals("Publish a long-form article", next.get(1).action());
        assertEquals(new BigDecimal("0.73"), next.get(1).gain());
    }

    private static void assertBestFirst(List<Explanation.Recommendation> recommendations) {
        for (int i = 1; i < recommendations.size(); i++) {
            assertTrue(recommendations
                            .get(i - 1)
                            .gain()
                            .compareTo(recommendations.get(i).gain())
                    >= 0);
        }
    }
}
