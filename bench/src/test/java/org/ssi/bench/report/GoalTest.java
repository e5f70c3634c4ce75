package org.ssi.bench.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class GoalTest {

    @Test
    void a_limit_is_met_at_or_under_it() {
        assertTrue(Goal.atMost("start", 3, "s", 3).met());
        assertEquals("met", Goal.atMost("start", 2.4, "s", 3).verdict());
    }

    @Test
    void a_limit_overshot_says_by_what_factor() {
        Goal goal = Goal.atMost("activity-service started alone", 5.4, "s", 3);
        assertFalse(goal.met());
        assertEquals("1.8× over the goal", goal.verdict());
    }

    @Test
    void a_requirement_is_met_at_or_over_it() {
        assertTrue(Goal.atLeast("gateway ÷ COPY", 0.5, "", 0.5).met());
        assertEquals("met", Goal.atLeast("gateway ÷ COPY", 0.93, "", 0.8).verdict());
    }

    @Test
    void a_requirement_missed_says_how_much_of_it_was_reached() {
        assertEquals(
                "0.31 of the required 0.5",
                Goal.atLeast("rollover ÷ SQL", 0.31, "", 0.5).verdict());
    }

    @Test
    void states_the_goal_with_its_target_as_the_issue_writes_it() {
        assertEquals(
                "warm stack start ≤ 30 s",
                Goal.atMost("warm stack start", 41, "s", 30).statement());
        assertEquals(
                "gateway ÷ COPY ≥ 0.5",
                Goal.atLeast("gateway ÷ COPY", 0.2, "", 0.5).statement());
        assertEquals("RSS ≤ 300 MB", Goal.atMost("RSS", 310, "MB", 300).statement());
    }

    @Test
    void a_figure_not_measured_is_not_met() {
        Goal goal = Goal.atMost("start", Double.NaN, "s", 3);
        assertFalse(goal.met());
        assertEquals("not measured", goal.verdict());
    }
}
