package org.ssi.scoring.score.rest;

import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import org.ssi.problem.Problem;
import org.ssi.problem.Problem.FieldError;
import org.ssi.problem.ProblemException;

/** A range of UTC days for history: the last 90 days by default, two years at most. */
public record DayRange(LocalDate from, LocalDate to) {

    static final int DEFAULT_DAYS = 90;
    static final int MAX_DAYS = 731;

    public static DayRange parse(String from, String to) {
        List<FieldError> errors = new ArrayList<>();
        LocalDate end = to == null ? LocalDate.now(ZoneOffset.UTC) : date(to, "/to", errors);
        if (from == null && end != null && end.isBefore(LocalDate.MIN.plusDays(DEFAULT_DAYS))) {
            // 90 days before it is no date at all (this was a 500).
            errors.add(new FieldError("/to", "is out of range"));
            end = null;
        }
        LocalDate start =
                from == null ? (end == null ? null : end.minusDays(DEFAULT_DAYS - 1)) : date(from, "/from", errors);
        if (errors.isEmpty() && start.isAfter(end)) {
            errors.add(new FieldError("/from", "must not be after to"));
        }
        if (errors.isEmpty() && ChronoUnit.DAYS.between(start, end) >= MAX_DAYS) {
            errors.add(new FieldError("/from", "the range covers two years at most"));
        }
        if (!errors.isEmpty()) {
            throw new ProblemException(Problem.invalid("from and to must be days (YYYY-MM-DD), from <= to", errors));
        }
        return new DayRange(start, end);
    }

    private static LocalDate date(String value, String pointer, List<FieldError> errors) {
        try {
            return LocalDate.parse(value);
        } catch (DateTimeParseException e) {
            errors.add(new FieldError(pointer, "is not a day (YYYY-MM-DD)"));
            return null;
        }
    }
}
