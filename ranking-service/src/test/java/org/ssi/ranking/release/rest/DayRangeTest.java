package org.ssi.ranking.release.rest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.LocalDate;
import org.junit.jupiter.api.Test;
import org.ssi.problem.ProblemException;

/** The rank history's day range (GET /me/ssi/rank-history?to=-999999999-01-01 was a 500, found by HostileInputIT). */
class DayRangeTest {

    @Test
    void refuses_a_range_ending_before_any_90_days_as_invalid_not_as_a_failure() {
        assertThrows(ProblemException.class, () -> DayRange.parse(null, "-999999999-01-01"));
        assertThrows(ProblemException.class, () -> DayRange.parse("-999999999-01-01", "+999999999-12-31"));
        assertThrows(ProblemException.class, () -> DayRange.parse("2026-13-01", null));
    }

    @Test
    void defaults_to_the_90_days_ending_at_to() {
        DayRange range = DayRange.parse(null, "2026-03-31");
        assertEquals(LocalDate.parse("2026-01-01"), range.from());
        assertEquals(LocalDate.parse("2026-03-31"), range.to());
    }
}
