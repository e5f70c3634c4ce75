package org.ssi.bench.report;

import java.util.List;
import java.util.Locale;

/** BENCHMARKS.md: the machine, the date and the command, then each benchmark's figures with their baselines. */
public final class BenchmarkReport {

    /**
     * Where and how the run happened.
     *
     * @param postgres the durability settings of the run's PostgreSQL, as read from the server
     */
    public record Run(
            String command, String date, String machine, String postgres, String duration, List<String> remarks) {}

    private BenchmarkReport() {}

    public static String markdown(Run run, List<Section> sections) {
        StringBuilder out = new StringBuilder();
        out.append("# Benchmarks\n\n");
        out.append("Written by `./ssi bench`; every figure is compared with a baseline measured in the same run.\n\n");
        out.append("| | |\n| --- | --- |\n");
        out.append("| command | `").append(run.command()).append("` |\n");
        out.append("| date | ").append(run.date()).append(" |\n");
        out.append("| machine | ").append(run.machine()).append(" |\n");
        out.append("| PostgreSQL | ").append(run.postgres()).append(" |\n");
        out.append("| duration | ").append(run.duration()).append(" |\n\n");
        for (String remark : run.remarks()) {
            out.append("- ").append(remark).append('\n');
        }
        if (!run.remarks().isEmpty()) {
            out.append('\n');
        }
        goals(out, sections);
        out.append("The ratio is value ÷ baseline.\n");
        for (Section section : sections) {
            out.append("\n## ")
                    .append(section.title())
                    .append(" (`")
                    .append(section.name())
                    .append("`)\n\n");
            if (!section.figures().isEmpty()) {
                out.append("| figure | value | baseline | baseline value | ratio |\n");
                out.append("| --- | ---: | --- | ---: | ---: |\n");
                for (Figure figure : section.figures()) {
                    out.append("| ")
                            .append(figure.what())
                            .append(" | ")
                            .append(number(figure.value()))
                            .append(' ')
                            .append(figure.unit())
                            .append(" | ")
                            .append(figure.baselineWhat() == null ? "—" : figure.baselineWhat())
                            .append(" | ")
                            .append(figure.baseline() == null ? "—" : number(figure.baseline()) + " " + figure.unit())
                            .append(" | ")
                            .append(ratio(figure.ratio()))
                            .append(" |\n");
                }
                out.append('\n');
            }
            for (String note : section.notes()) {
                out.append("- ").append(note).append('\n');
            }
        }
        return out.toString();
    }

    /** The goals measured by the run, first: each met, or its distance from the goal. */
    private static void goals(StringBuilder out, List<Section> sections) {
        List<Goal> goals =
                sections.stream().flatMap(section -> section.goals().stream()).toList();
        if (goals.isEmpty()) {
            return;
        }
        out.append("## Goals\n\n");
        out.append("The issue's goals that this run measured (a benchmark not run has none here).\n\n");
        out.append("| goal | measured | verdict |\n| --- | ---: | --- |\n");
        for (Goal goal : goals) {
            out.append("| ")
                    .append(goal.statement())
                    .append(" | ")
                    .append(number(goal.measured()))
                    .append(goal.unit().isEmpty() ? "" : " " + goal.unit())
                    .append(" | ")
                    .append(goal.verdict())
                    .append(" |\n");
        }
        out.append('\n');
    }

    /** One line for the progress output. */
    public static String describe(Figure figure) {
        String line = figure.what() + " = " + number(figure.value()) + " " + figure.unit();
        if (figure.baseline() != null) {
            line += " (baseline " + figure.baselineWhat() + " = " + number(figure.baseline()) + " " + figure.unit()
                    + ", ratio " + ratio(figure.ratio()) + ")";
        }
        return line;
    }

    /** Whole numbers from 100 (thousands separated), then 3 significant digits, 2 under 1: 12,300 · 45.6 · 0.012. */
    public static String number(double value) {
        if (Double.isNaN(value) || Double.isInfinite(value)) {
            return String.valueOf(value);
        }
        double magnitude = Math.abs(value);
        if (magnitude >= 100) {
            return String.format(Locale.ROOT, "%,d", Math.round(value));
        }
        if (magnitude >= 10) {
            return String.format(Locale.ROOT, "%.1f", value);
        }
        if (magnitude >= 1 || magnitude == 0) {
            return String.format(Locale.ROOT, "%.2f", value);
        }
        return new java.math.BigDecimal(value)
                .round(new java.math.MathContext(2))
                .stripTrailingZeros()
                .toPlainString();
    }

    /** A ratio under 0.01 reads better as a fraction: 1/38,000. */
    public static String ratio(Double ratio) {
        if (ratio == null) {
            return "—";
        }
        if (ratio > 0 && ratio < 0.01) {
            return "1/" + number(1 / ratio);
        }
        return number(ratio);
    }
}
