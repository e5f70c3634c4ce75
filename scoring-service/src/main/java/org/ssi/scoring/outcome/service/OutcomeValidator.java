package org.ssi.scoring.outcome.service;

import java.math.BigDecimal;
import java.time.Clock;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.regex.Pattern;
import org.ssi.problem.Problem.FieldError;
import org.ssi.scoring.outcome.rest.OutcomeRequest;

/**
 * Checks an outcome against the contract of design/api.md beyond its types, reporting every bad value by JSON
 * pointer: required values, the forms of ids and days, the period and the range of the value.
 */
public final class OutcomeValidator {

    public static final int MAX_OUTCOMES = 10_000;
    /** Scores are kept two years; a longer period could not be compared with them. */
    static final int MAX_PERIOD_DAYS = 731;
    /** A period may end tomorrow (UTC), for a CRM whose day starts earlier than UTC's. */
    static final int DAYS_AHEAD = 1;

    /** No CRM holds outcomes from before this day; an earlier one is a typo (year 0001), not history. */
    static final LocalDate EARLIEST_DAY = LocalDate.of(2000, 1, 1);

    static final BigDecimal MAX_VALUE = new BigDecimal("1E15");
    public static final Pattern OUTCOME_ID = Pattern.compile("[A-Za-z0-9._-]{1,128}");
    public static final Pattern MEMBER_ID = Pattern.compile("[A-Za-z0-9._-]{1,64}");
    private static final Pattern DAY = Pattern.compile("\\d{4}-\\d{2}-\\d{2}");

    private final Clock clock;

    public OutcomeValidator(Clock clock) {
        this.clock = clock;
    }

    /** Adds a fault for every bad value of the outcome at {@code at}. */
    public void check(OutcomeRequest outcome, String at, List<FieldError> errors) {
        id(outcome.outcomeId(), OUTCOME_ID, at + "/outcomeId", errors);
        id(outcome.memberId(), MEMBER_ID, at + "/memberId", errors);
        metric(outcome.metric(), at + "/metric", errors);
        LocalDate start = day(outcome.periodStart(), at + "/periodStart", errors);
        LocalDate end = day(outcome.periodEnd(), at + "/periodEnd", errors);
        period(start, end, at, errors);
        value(outcome.value(), at + "/value", errors);
    }

    private static void id(String id, Pattern pattern, String at, List<FieldError> errors) {
        if (id == null) {
            errors.add(new FieldError(at, "is required"));
        } else if (!pattern.matcher(id).matches()) {
            errors.add(new FieldError(at, "must be a string matching " + pattern.pattern()));
        }
    }

    private static void metric(String metric, String at, List<FieldError> errors) {
        if (metric == null) {
            errors.add(new FieldError(at, "is required"));
        } else if (OutcomeMetric.parse(metric) == null) {
            errors.add(new FieldError(at, "must be one of " + String.join(", ", OutcomeMetric.names())));
        }
    }

    private static LocalDate day(String day, String at, List<FieldError> errors) {
        if (day == null) {
            errors.add(new FieldError(at, "is required"));
            return null;
        }
        if (DAY.matcher(day).matches()) {
            try {
                return LocalDate.parse(day);
            } catch (DateTimeParseException e) {
                // reported below
            }
        }
        errors.add(new FieldError(at, "must be a day (YYYY-MM-DD)"));
        return null;
    }

    private void period(LocalDate start, LocalDate end, String at, List<FieldError> errors) {
        if (start == null || end == null) {
            return;
        }
        if (end.isBefore(start)) {
            errors.add(new FieldError(at + "/periodEnd", "must not be before periodStart"));
        } else if (ChronoUnit.DAYS.between(start, end) >= MAX_PERIOD_DAYS) {
            errors.add(new FieldError(at + "/periodEnd", "a period covers " + MAX_PERIOD_DAYS + " days at most"));
        }
        if (start.isBefore(EARLIEST_DAY)) {
            errors.add(new FieldError(at + "/periodStart", "must not be before " + EARLIEST_DAY));
        }
        if (end.isAfter(LocalDate.now(clock).plusDays(DAYS_AHEAD))) {
            errors.add(new FieldError(at + "/periodEnd", "must not be in the future"));
        }
    }

    private static void value(BigDecimal value, String at, List<FieldError> errors) {
        if (value == null) {
            errors.add(new FieldError(at, "is required"));
        } else if (value.signum() < 0 || value.compareTo(MAX_VALUE) > 0) {
            errors.add(new FieldError(at, "must be from 0 to " + MAX_VALUE.toPlainString()));
        } else if (value.signum() != 0 && value.doubleValue() == 0) {
            // scores read values as doubles: 1e-400 would be scored as 0 while stored as something else
            errors.add(new FieldError(at, "is too small to be told from 0"));
        }
    }
}
