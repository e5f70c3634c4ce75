package org.ssi.rules;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.LocalDate;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.ssi.rules.DayRange.Fault;

class DayRangeTest {

    private static final LocalDate TODAY = LocalDate.of(2026, 11, 26);

    private static List<Fault> faults(String from, String to) {
        return assertThrows(DayRange.Invalid.class, () -> DayRange.parse(from, to, TODAY))
                .faults();
    }

    @Test
    void is_the_last_90_days_up_to_today_when_nothing_is_given() {
        assertEquals(new DayRange(LocalDate.of(2026, 8, 29), TODAY), DayRange.parse(null, null, TODAY));
    }

    @Test
    void ends_90_days_after_a_missing_from_at_the_given_to() {
        assertEquals(
                new DayRange(LocalDate.of(2026, 1, 1), LocalDate.of(2026, 3, 31)),
                DayRange.parse(null, "2026-03-31", TODAY));
    }

    @Test
    void starts_its_own_default_span_before_to_when_from_is_missing() {
        assertEquals(new DayRange(LocalDate.of(2025, 11, 27), TODAY), DayRange.parse(null, null, TODAY, 365));
        assertEquals(
                new DayRange(LocalDate.of(2026, 2, 21), LocalDate.of(2026, 2, 21)),
                DayRange.parse(null, "2026-02-21", TODAY, 1));
    }

    @Test
    void ends_today_after_a_given_from() {
        assertEquals(new DayRange(LocalDate.of(2026, 11, 1), TODAY), DayRange.parse("2026-11-01", null, TODAY));
    }

    @Test
    void takes_a_single_day_and_exactly_two_years() {
        assertEquals(new DayRange(TODAY, TODAY), DayRange.parse("2026-11-26", "2026-11-26", TODAY));
        LocalDate twoYearsBefore = TODAY.minusDays(DayRange.MAX_DAYS - 1);
        assertEquals(new DayRange(twoYearsBefore, TODAY), DayRange.parse(twoYearsBefore.toString(), null, TODAY));
    }

    @Test
    void refuses_a_range_of_more_than_two_years_at_from() {
        assertEquals(
                List.of(new Fault("from", "the range covers two years at most")),
                faults(TODAY.minusDays(DayRange.MAX_DAYS).toString(), null));
        assertEquals(
                List.of(new Fault("from", "the range covers two years at most")), faults("2020-01-01", "2026-01-01"));
    }

    @Test
    void refuses_a_range_that_runs_backwards_at_from() {
        assertEquals(List.of(new Fault("from", "must not be after to")), faults("2026-11-20", "2026-11-01"));
        assertEquals(List.of(new Fault("from", "must not be after to")), faults("2026-11-27", null));
    }

    @Test
    void refuses_what_is_not_a_day_written_yyyy_mm_dd() {
        for (String notADay : List.of(
                "2026-13-01",
                "2026-02-30",
                "yesterday",
                "2026-11-20T00:00:00Z",
                "+2026-11-20",
                "+12026-11-20",
                "-999999999-01-01",
                "2026-1-05",
                "",
                "' OR 1=1 --")) {
            assertEquals(List.of(new Fault("from", "is not a day (YYYY-MM-DD)")), faults(notADay, null), notADay);
            assertEquals(List.of(new Fault("to", "is not a day (YYYY-MM-DD)")), faults(null, notADay), notADay);
        }
    }

    @Test
    void names_both_parameters_when_both_are_not_days() {
        assertEquals(
                List.of(new Fault("from", "is not a day (YYYY-MM-DD)"), new Fault("to", "is not a day (YYYY-MM-DD)")),
                faults("-999999999-01-01", "+999999999-12-31"));
    }

    @Test
    void says_the_rule_in_its_message() {
        assertEquals(
                DayRange.RULE,
                assertThrows(DayRange.Invalid.class, () -> DayRange.parse("x", null))
                        .getMessage());
    }
}
