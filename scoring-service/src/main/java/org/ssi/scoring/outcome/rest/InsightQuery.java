package org.ssi.scoring.outcome.rest;

import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.ssi.problem.Problem;
import org.ssi.problem.Problem.FieldError;
import org.ssi.problem.ProblemException;
import org.ssi.rules.DayRange;
import org.ssi.scoring.outcome.service.OutcomeMetric;

/**
 * The metric and range of an insight: by default the year up to today (UTC), two years at most, by the one
 * {@link DayRange} rule; a bad metric and bad days are reported together.
 */
public record InsightQuery(OutcomeMetric metric, LocalDate from, LocalDate to) {

    static final int DEFAULT_DAYS = 365;

    public static InsightQuery parse(String metric, String from, String to) {
        List<FieldError> errors = new ArrayList<>();
        OutcomeMetric parsed = metric == null ? null : OutcomeMetric.parse(metric);
        if (metric == null) {
            errors.add(new FieldError("/metric", "is required"));
        } else if (parsed == null) {
            errors.add(new FieldError("/metric", "must be one of " + String.join(", ", OutcomeMetric.names())));
        }
        DayRange range = null;
        try {
            range = DayRange.parse(from, to, LocalDate.now(ZoneOffset.UTC), DEFAULT_DAYS);
        } catch (DayRange.Invalid e) {
            e.faults().forEach(fault -> errors.add(new FieldError("/" + fault.parameter(), fault.message())));
        }
        if (!errors.isEmpty()) {
            throw new ProblemException(Problem.invalid(
                    "metric must be one of " + String.join(", ", OutcomeMetric.names()) + "; " + DayRange.RULE,
                    errors));
        }
        return new InsightQuery(parsed, range.from(), range.to());
    }
}
