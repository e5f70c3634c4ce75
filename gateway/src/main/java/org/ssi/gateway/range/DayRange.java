package org.ssi.gateway.range;

import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import org.ssi.problem.Problem;
import org.ssi.problem.Problem.FieldError;
import org.ssi.problem.ProblemException;

/**
 * The {@code from}/{@code to} of a history request, checked before any service is called, as scoring-service checks
 * them: days (YYYY-MM-DD), from not after to (today when missing), two years at most ({@value #MAX_DAYS} days).
 * Otherwise 422 with a pointer per bad parameter. Missing bounds are left to the service (the last 90 days).
 */
public final class DayRange {

    /** Two years of days, the longest history the services keep. */
    public static final int MAX_DAYS = 731;

    private DayRange() {}

    /** Throws the 422 problem unless the range is acceptable. */
    public static void check(String from, String to) {
        List<FieldError> errors = new ArrayList<>();
        LocalDate today = LocalDate.now(ZoneOffset.UTC);
        LocalDate start = from == null ? null : day(from, "/from", errors);
        LocalDate end = to == null ? null : day(to, "/to", errors);
        LocalDate effectiveEnd = end == null ? today : end;
        if (errors.isEmpty() && start != null && start.isAfter(effectiveEnd)) {
            errors.add(new FieldError("/from", "must not be after to"));
        }
        if (errors.isEmpty() && start != null && ChronoUnit.DAYS.between(start, effectiveEnd) >= MAX_DAYS) {
            errors.add(new FieldError("/from", "the range covers two years at most"));
        }
        if (!errors.isEmpty()) {
            throw new ProblemException(Problem.invalid(
                    "from and to must be days (YYYY-MM-DD), from <= to, at most" + " two years apart", errors));
        }
    }

    private static LocalDate day(String value, String pointer, List<FieldError> errors) {
        if (value.length() != 10) {
            errors.add(new FieldError(pointer, "is not a day (YYYY-MM-DD)"));
            return null;
        }
        try {
            return LocalDate.parse(value);
        } catch (DateTimeParseException e) {
            errors.add(new FieldError(pointer, "is not a day (YYYY-MM-DD)"));
            return null;
        }
    }
}
