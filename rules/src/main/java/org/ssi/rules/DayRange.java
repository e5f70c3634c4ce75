package org.ssi.rules;

import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * A range of UTC days of history, {@code from} to {@code to} inclusive, as the contract's {@code from} and {@code to}
 * query parameters give it: days written {@code YYYY-MM-DD}; {@code to} today when missing, {@code from}
 * {@value #DEFAULT_DAYS} days up to {@code to} when missing; {@code from} not after {@code to}; two years
 * ({@value #MAX_DAYS} days) at most.
 */
public record DayRange(LocalDate from, LocalDate to) {

    /** The days of a range without {@code from}: the last 90 days, {@code to} included. */
    public static final int DEFAULT_DAYS = 90;

    /** Two years of days, the longest history the services keep. */
    public static final int MAX_DAYS = 731;

    /** What every refused range is told, beside the fault of each parameter. */
    public static final String RULE = "from and to must be days (YYYY-MM-DD), from <= to, at most two years apart";

    private static final Pattern DAY = Pattern.compile("\\d{4}-\\d{2}-\\d{2}");

    /**
     * Refuses the parameters (null when missing) unless they give a range, before anything is asked of a service that
     * reads them again.
     *
     * @throws Invalid naming each bad parameter
     */
    public static void check(String from, String to) {
        parse(from, to);
    }

    /** The range of the parameters as given (null when missing), ending today (UTC) by default. */
    public static DayRange parse(String from, String to) {
        return parse(from, to, LocalDate.now(ZoneOffset.UTC));
    }

    /**
     * The range of the parameters as given (null when missing), ending {@code today} by default.
     *
     * @throws Invalid naming each bad parameter
     */
    public static DayRange parse(String from, String to, LocalDate today) {
        return parse(from, to, today, DEFAULT_DAYS);
    }

    /**
     * The range of the parameters as given (null when missing), ending {@code today} by default and starting
     * {@code defaultDays} days before, {@code today} included, when {@code from} is missing: the outcome insights look
     * back a year.
     *
     * @throws Invalid naming each bad parameter
     */
    public static DayRange parse(String from, String to, LocalDate today, int defaultDays) {
        List<Fault> faults = new ArrayList<>();
        LocalDate start = from == null ? null : day(from, "from", faults);
        LocalDate end = to == null ? today : day(to, "to", faults);
        if (!faults.isEmpty()) {
            throw new Invalid(faults);
        }
        if (start == null) {
            start = end.minusDays(defaultDays - 1);
        }
        if (start.isAfter(end)) {
            throw new Invalid(List.of(new Fault("from", "must not be after to")));
        }
        if (ChronoUnit.DAYS.between(start, end) >= MAX_DAYS) {
            throw new Invalid(List.of(new Fault("from", "the range covers two years at most")));
        }
        return new DayRange(start, end);
    }

    private static LocalDate day(String value, String parameter, List<Fault> faults) {
        // LocalDate would also read "+2026-11-20" and years of more than four digits, which are no YYYY-MM-DD
        if (DAY.matcher(value).matches()) {
            try {
                return LocalDate.parse(value);
            } catch (DateTimeParseException e) {
                // reported below
            }
        }
        faults.add(new Fault(parameter, "is not a day (YYYY-MM-DD)"));
        return null;
    }

    /** One bad query parameter ({@code from} or {@code to}) and what is wrong with it. */
    public record Fault(String parameter, String message) {}

    /** A refused range; each service answers it as its 422 validation problem, a pointer per bad parameter. */
    public static final class Invalid extends RuntimeException {

        private final transient List<Fault> faults;

        Invalid(List<Fault> faults) {
            super(RULE, null, false, false);
            this.faults = List.copyOf(faults);
        }

        /** Each bad parameter once, {@code from} before {@code to}. */
        public List<Fault> faults() {
            return faults;
        }
    }
}
