package org.ssi.rules;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class ScoreBandsTest {

    @Test
    void a_leader_scores_70_or_more() {
        assertTrue(ScoreBands.isLeader(70));
        assertTrue(ScoreBands.isLeader(100));
        assertFalse(ScoreBands.isLeader(69.99));
    }

    @Test
    void a_laggard_scores_30_or_less() {
        assertTrue(ScoreBands.isLaggard(30));
        assertTrue(ScoreBands.isLaggard(0));
        assertFalse(ScoreBands.isLaggard(30.01));
    }
}
