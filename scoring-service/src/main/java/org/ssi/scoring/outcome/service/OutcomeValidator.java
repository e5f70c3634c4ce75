package org.ssi.scoring.outcome.service;

import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;
import org.ssi.problem.Problem.FieldError;

/** Checks a batch of outcomes against the contract of design/api.md, reporting every bad value by JSON pointer. */
public final class OutcomeValidator {

    public static final int MAX_OUTCOMES = 10_000;
    /** Scores are kept two years; a longer period could not be compared with them. */
    static final int MAX_PERIOD_DAYS = 731;
    /** A period may end tomorrow (UTC), for a CRM whose day starts earlier than UTC's. */
    static final int DAYS_AHEAD = 1;

    /** No CRM holds outcomes from before this day; an earlier one is a typo (year 0001), not history. */
    static final LocalDate EARLIEST_DAY = LocalDate.of(2000, 1, 1);

    static final BigDecimal MAX_VALUE = new BigDecimal("1E15");
    static final Pattern OUTCOME_ID = Pattern.compile("[A-Za-z0-9._-]{1,128}");
    static final Pattern MEMBER_ID = Pattern.compile("[A-Za-z0-9._-]{1,64}");
    private static final Pattern DAY = Pattern.compile("\\d{4}-\\d{2}-\\d{2}");
    private static final Set<String> FIELDS =
            Set.of("outcomeId", "memberId", "metric", "periodStart", "periodEnd", "value");

    private final Clock clock;

    public OutcomeValidator(Clock clock) {
        this.clock = clock;
    }

    /** The outcomes in batch order when every one is valid, otherwise the errors. */
    public record Result(List<Outcome> outcomes, List<FieldError> errors) {
        public boolean valid() {
            return errors.isEmpty();
        }
    }

    public Result validate(JsonNode outcomes) {
        List<FieldError> errors = new ArrayList<>();
        List<Outcome> valid = new ArrayList<>();
        for (int i = 0; i < outcomes.size(); i++) {
            Outcome outcome = validateOutcome(outcomes.get(i), "/outcomes/" + i, errors);
            if (outcome != null) {
                valid.add(outcome);
            }
        }
        return new Result(valid, errors);
    }

    private Outcome validateOutcome(JsonNode node, String at, List<FieldError> errors) {
        if (!node.isObject()) {
            errors.add(new FieldError(at, "must be an object"));
            return null;
        }
        int before = errors.size();
        unknownFields(node, at, errors);
        String outcomeId = id(node.get("outcomeId"), OUTCOME_ID, at + "/outcomeId", errors);
        String memberId = id(node.get("memberId"), MEMBER_ID, at + "/memberId", errors);
        OutcomeMetric metric = metric(node.get("metric"), at + "/metric", errors);
        LocalDate start = day(node.get("periodStart"), at + "/periodStart", errors);
        LocalDate end = day(node.get("periodEnd"), at + "/periodEnd", errors);
        period(start, end, at, errors);
        BigDecimal value = value(node.get("value"), at + "/value", errors);
        if (errors.size() > before) {
            return null;
        }
        return new Outcome(outcomeId, memberId, metric, start, end, value);
    }

    private static void unknownFields(JsonNode node, String at, List<FieldError> errors) {
        for (Iterator<String> names = node.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (!FIELDS.contains(name)) {
                errors.add(new FieldError(at + "/" + escape(name), "is not a known field"));
            }
        }
    }

    private static String id(JsonNode node, Pattern pattern, String at, List<FieldError> errors) {
        if (node == null || node.isNull()) {
            errors.add(new FieldError(at, "is required"));
            return null;
        }
        if (!node.isTextual() || !pattern.matcher(node.textValue()).matches()) {
            errors.add(new FieldError(at, "must be a string matching " + pattern.pattern()));
            return null;
        }
        return node.textValue();
    }

    private static OutcomeMetric metric(JsonNode node, String at, List<FieldError> errors) {
        if (node == null || node.isNull()) {
            errors.add(new FieldError(at, "is required"));
            return null;
        }
        OutcomeMetric metric = node.isTextual() ? OutcomeMetric.parse(node.textValue()) : null;
        if (metric == null) {
            errors.add(new FieldError(at, "must be one of " + String.join(", ", OutcomeMetric.names())));
        }
        return metric;
    }

    private static LocalDate day(JsonNode node, String at, List<FieldError> errors) {
        if (node == null || node.isNull()) {
            errors.add(new FieldError(at, "is required"));
            return null;
        }
        if (node.isTextual() && DAY.matcher(node.textValue()).matches()) {
            try {
                return LocalDate.parse(node.textValue());
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

    private static BigDecimal value(JsonNode node, String at, List<FieldError> errors) {
        if (node == null || node.isNull()) {
            errors.add(new FieldError(at, "is required"));
            return null;
        }
        if (!node.isNumber()) {
            errors.add(new FieldError(at, "must be a number"));
            return null;
        }
        // 1e400 reads as an infinite double, which has no decimal value
        boolean finite = !node.isFloatingPointNumber() || Double.isFinite(node.doubleValue());
        BigDecimal value = finite ? node.decimalValue() : null;
        if (value == null || value.signum() < 0 || value.compareTo(MAX_VALUE) > 0) {
            errors.add(new FieldError(at, "must be from 0 to " + MAX_VALUE.toPlainString()));
            return null;
        }
        if (value.signum() != 0 && value.doubleValue() == 0) {
            // scores read values as doubles: 1e-400 would be scored as 0 while stored as something else
            errors.add(new FieldError(at, "is too small to be told from 0"));
            return null;
        }
        return value.signum() == 0 ? BigDecimal.ZERO : value.stripTrailingZeros();
    }

    private static String escape(String name) {
        return name.replace("~", "~0").replace("/", "~1");
    }
}
