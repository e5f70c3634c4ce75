package org.ssi.bench.report;

import java.math.BigDecimal;
import java.util.Locale;

/**
 * A goal of the issue and the value measured for it in the run: met, or how far from it.
 *
 * @param what what is measured, e.g. "activity-service started alone"
 * @param measured the value of the run
 * @param unit the unit of the value and the target ("" for a ratio)
 * @param target the limit (at most) or the requirement (at least)
 * @param atMost whether the value must stay at or under the target (a time, a size) rather than reach it (a ratio)
 */
public record Goal(String what, double measured, String unit, double target, boolean atMost) {

    public static Goal atMost(String what, double measured, String unit, double limit) {
        return new Goal(what, measured, unit, limit, true);
    }

    public static Goal atLeast(String what, double measured, String unit, double required) {
        return new Goal(what, measured, unit, required, false);
    }

    public boolean met() {
        return atMost ? measured <= target : measured >= target;
    }

    /** The goal as the issue states it: "activity-service started alone ≤ 3 s". */
    public String statement() {
        return what + (atMost ? " ≤ " : " ≥ ") + plain(target) + (unit.isEmpty() ? "" : " " + unit);
    }

    /** "met", or the distance: "3.8× over the goal", "0.31 of the required 0.5". */
    public String verdict() {
        if (Double.isNaN(measured)) {
            return "not measured";
        }
        if (met()) {
            return "met";
        }
        return atMost
                ? String.format(Locale.ROOT, "%.1f× over the goal", measured / target)
                : BenchmarkReport.number(measured) + " of the required " + plain(target);
    }

    /** A target as written in the issue: 3, 0.5, 300. */
    static String plain(double value) {
        return BigDecimal.valueOf(value).stripTrailingZeros().toPlainString();
    }
}
