package org.ssi.scoring.outcome.rest;

import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import org.ssi.problem.Problem;
import org.ssi.problem.Problem.FieldError;
import org.ssi.problem.ProblemException;
import org.ssi.scoring.outcome.service.OutcomeMetric;

/** The metric and range of an insight: by default the year up to today (UTC), two years at most. */
public record InsightQuery(OutcomeMetric metric, LocalDate from, LocalDate to) {

    static final int DEFAULT_DAYS = 365;
    static final int MAX_DAYS = 731;

    public static InsightQuery parse(String metric, String from, String to) {
        List<FieldError> errors = new ArrayList<>();
        OutcomeMetric parsed = metric == null ? null : OutcomeMetric.parse(metric);
        if (metric == null) {
            errors.add(new FieldError("/metric", "is required"));
        } else if (parsed == null) {
            errors.add(new FieldError("/metric", "must be one of " + String.join(", ", OutcomeMetric.names())));
        }
        LocalDate end = to == null ? LocalDate.now(ZoneOffset.UTC) : day(to, "/to", errors);
        LocalDate start =
                from == null ? (end == null ? null : end.minusDays(DEFAULT_DAYS - 1)) : day(from, "/from", errors);
        if (start != null && end != null) {
            if (start.isAfter(end)) {
                errors.add(new FieldError("/from", "must not be after to"));
            } else if (ChronoUnit.DAYS.between(start, end) >= MAX_DAYS) {
                errors.add(new FieldError("/from", "the range covers " + MAX_DAYS + " days at most"));
            }
        }
        if (!errors.isEmpty()) {
            throw new ProblemException(Problem.invalid(
                    "metric must be one of " + String.join(", ", OutcomeMetric.names())
                            + "; from and to days (YYYY-MM-DD), from <= to",
                    errors));
        }
        return new InsightQuery(parsed, start, end);
    }

    private static LocalDate day(String value, String pointer, List<FieldError> errors) {
        if (value.matches("\\d{4}-\\d{2}-\\d{2}")) {
            try {
                return LocalDate.parse(value);
            } catch (DateTimeParseException e) {
                // reported below
            }
        }
        errors.add(new FieldError(pointer, "is not a day (YYYY-MM-DD)"));
        return null;
    }
}
