package org.ssi.ranking.release.rest;

import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.List;
import org.ssi.problem.Problem;
import org.ssi.problem.Problem.FieldError;
import org.ssi.problem.ProblemException;

/** A range of days of history, {@code from} to {@code to} inclusive: by default the last 90 days, at most two years. */
record DayRange(LocalDate from, LocalDate to) {

    static final int DEFAULT_DAYS = 90;
    static final int MAXIMUM_DAYS = 731;

    static DayRange parse(String from, String to) {
        LocalDate end = to == null ? LocalDate.now(ZoneOffset.UTC) : day(to, "/to");
        if (from == null && end.isBefore(LocalDate.MIN.plusDays(DEFAULT_DAYS))) {
            // 90 days before it is no date at all (this was a 500).
            throw invalid("Days are YYYY-MM-DD", "/to", "is out of range");
        }
        LocalDate start = from == null ? end.minusDays(DEFAULT_DAYS - 1) : day(from, "/from");
        if (start.isAfter(end)) {
            throw invalid("from must not be after to", "/from", "is after to");
        }
        if (ChronoUnit.DAYS.between(start, end) >= MAXIMUM_DAYS) {
            throw invalid("A range holds at most " + MAXIMUM_DAYS + " days", "/to", "too far from from");
        }
        return new DayRange(start, end);
    }

    private static LocalDate day(String text, String pointer) {
        try {
            return LocalDate.parse(text);
        } catch (DateTimeParseException e) {
            throw invalid("Days are YYYY-MM-DD", pointer, "is not a date");
        }
    }

    private static ProblemException invalid(String detail, String pointer, String error) {
        return new ProblemException(Problem.invalid(detail, List.of(new FieldError(pointer, error))));
    }
}
