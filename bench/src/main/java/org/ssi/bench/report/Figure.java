package org.ssi.bench.report;

/**
 * One measured figure and the baseline it is compared with, measured in the same run.
 *
 * @param what the figure, e.g. "events/s through the gateway"
 * @param value its value
 * @param unit the unit of both value and baseline
 * @param baselineWhat what the baseline is, e.g. "PostgreSQL COPY of the same rows"
 * @param baseline the baseline's value, or null when there is none
 */
public record Figure(String what, double value, String unit, String baselineWhat, Double baseline) {

    public static Figure of(String what, double value, String unit, String baselineWhat, double baseline) {
        return new Figure(what, value, unit, baselineWhat, baseline);
    }

    /** value ÷ baseline, or null without a (non-zero) baseline. */
    public Double ratio() {
        return baseline == null || baseline == 0 ? null : value / baseline;
    }
}
