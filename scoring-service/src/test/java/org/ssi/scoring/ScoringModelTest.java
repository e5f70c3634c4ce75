package org.ssi.scoring;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.ssi.scoring.model.MemberInputs;
import org.ssi.scoring.model.PillarScores;
import org.ssi.scoring.model.ScoringModel;

class ScoringModelTest {

    private final ScoringModel model = new ScoringModel();

    static MemberInputs inputs(Map<String, Long> window, Map<String, Long> toDate, int activeDays) {
        return new MemberInputs(
                "m-1",
                "software",
                "SENIOR",
                null,
                new MemberInputs.Profile(false, false, false, false, false, false, false),
                LocalDate.of(2026, 11, 20),
                window,
                toDate,
                activeDays,
                Map.of());
    }

    @Test
    void scores_nothing_as_zero() {
        PillarScores scores = model.score(inputs(Map.of(), Map.of(), 0));
        assertEquals(new BigDecimal("0.00"), scores.score());
    }

    @Test
    void cannot_max_a_pillar_by_spamming_one_action() {
        PillarScores scores = model.score(inputs(Map.of("PEOPLE_SEARCH", 1_000_000L), Map.of(), 0));
        assertTrue(scores.find().compareTo(new BigDecimal("4.00")) <= 0, "one sub-metric is worth its weight at most");
        assertTrue(scores.find().compareTo(new BigDecimal("3.99")) > 0);
    }

    @Test
    void earns_more_for_fewer_accepted_requests_than_for_many_ignored_ones() {
        PillarScores spam =
                model.score(inputs(Map.of("CONNECTION_REQUEST_SENT", 500L, "CONNECTION_ADDED", 10L), Map.of(), 0));
        PillarScores careful =
                model.score(inputs(Map.of("CONNECTION_REQUEST_SENT", 40L, "CONNECTION_ADDED", 24L), Map.of(), 0));
        assertTrue(careful.relationships().compareTo(spam.relationships()) > 0);
    }

    @Test
    void without_inmail_engage_tops_out_at_twenty() {
        Map<String, Long> everything = new HashMap<>();
        for (String type : new String[] {
            "POST_SHARED",
            "ENGAGEMENT_GIVEN",
            "ENGAGEMENT_RECEIVED",
            "ARTICLE_ENGAGEMENT_RECEIVED",
            "MESSAGE_SENT",
            "GROUP_JOINED",
            "ACCOUNT_SAVED",
            "ACCOUNT_RESEARCHED"
        }) {
            everything.put(type, 100_000L);
        }
        assertEquals(
                new BigDecimal("20.00"),
                model.score(inputs(everything, Map.of(), 0)).engage());
        everything.put("INMAIL_SENT", 100_000L);
        everything.put("INMAIL_REPLY_RECEIVED", 20_000L);
        assertEquals(
                new BigDecimal("25.00"),
                model.score(inputs(everything, Map.of(), 0)).engage());
    }

    @Test
    void the_score_is_the_exact_sum_of_the_rounded_pillars() {
        PillarScores scores = model.score(inputs(
                Map.of("PEOPLE_SEARCH", 7L, "POST_SHARED", 3L, "ENDORSEMENT_RECEIVED", 2L),
                Map.of("CONNECTION_ADDED:external", 120L),
                11));
        assertEquals(
                scores.brand().add(scores.find()).add(scores.engage()).add(scores.relationships()), scores.score());
        assertEquals(2, scores.score().scale());
    }

    @Test
    void counts_connections_as_a_state_net_of_removals() {
        PillarScores added = model.score(inputs(Map.of(), Map.of("CONNECTION_ADDED:external", 300L), 0));
        PillarScores removed = model.score(
                inputs(Map.of(), Map.of("CONNECTION_ADDED:external", 300L, "CONNECTION_REMOVED:external", 200L), 0));
        assertTrue(added.relationships().compareTo(removed.relationships()) > 0);
    }
}
