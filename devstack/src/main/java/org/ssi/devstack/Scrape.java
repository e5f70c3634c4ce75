package org.ssi.devstack;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A scrape of {@code /q/metrics} in Prometheus's text format, read the way Prometheus reads it: samples by name and
 * labels. Tests use it to check a meter by the exact name an alert or the dashboard queries.
 */
public final class Scrape {

    /** One line: a name, optional labels in braces, a value (timestamps are not written by Micrometer). */
    private static final Pattern SAMPLE = Pattern.compile("^([a-zA-Z_:][a-zA-Z0-9_:]*)(\\{(.*)})?\\s+(\\S+)$");

    private static final Pattern LABEL = Pattern.compile("([a-zA-Z_][a-zA-Z0-9_]*)=\"((?:[^\"\\\\]|\\\\.)*)\"");

    /** A sample: its metric name, its labels, its value. */
    public record Sample(String name, Map<String, String> labels, double value) {}

    private final List<Sample> samples;

    private Scrape(List<Sample> samples) {
        this.samples = samples;
    }

    public static Scrape of(String text) {
        List<Sample> samples = new ArrayList<>();
        for (String line : text.split("\n")) {
            if (line.isBlank() || line.startsWith("#")) {
                continue;
            }
            Matcher sample = SAMPLE.matcher(line.strip());
            if (!sample.matches()) {
                throw new IllegalArgumentException("Not a Prometheus sample: " + line);
            }
            Map<String, String> labels = sample.group(3) == null ? Map.of() : labels(sample.group(3));
            samples.add(new Sample(sample.group(1), labels, value(sample.group(4))));
        }
        return new Scrape(List.copyOf(samples));
    }

    /** Labels as Prometheus writes them between braces: {@code task="release",outcome="success"}. */
    public static Map<String, String> labels(String text) {
        Map<String, String> labels = new LinkedHashMap<>();
        Matcher label = LABEL.matcher(text);
        while (label.find()) {
            labels.put(label.group(1), label.group(2).replace("\\\"", "\"").replace("\\\\", "\\"));
        }
        return labels;
    }

    /** A value as Prometheus writes it, infinities included. */
    public static double value(String text) {
        return switch (text) {
            case "+Inf" -> Double.POSITIVE_INFINITY;
            case "-Inf" -> Double.NEGATIVE_INFINITY;
            default -> Double.parseDouble(text);
        };
    }

    public List<Sample> samples() {
        return samples;
    }

    /** The samples of a metric whose labels include the given ones. */
    public List<Sample> find(String name, Map<String, String> labels) {
        return samples.stream()
                .filter(s -> s.name().equals(name) && s.labels().entrySet().containsAll(labels.entrySet()))
                .toList();
    }

    /** The value of the one series of the metric with exactly these labels; fails when there is none or several. */
    public double single(String name, Map<String, String> labels) {
        List<Sample> exact = samples.stream()
                .filter(s -> s.name().equals(name) && s.labels().equals(labels))
                .toList();
        if (exact.size() != 1) {
            throw new IllegalStateException(exact.size() + " series of " + name + labels + " on /q/metrics");
        }
        return exact.get(0).value();
    }

    /** Whether the metric has a series with these labels. */
    public boolean has(String name, Map<String, String> labels) {
        return !find(name, labels).isEmpty();
    }

    /** The sum over the matching series; 0 when there is none (a counter not incremented yet is not written). */
    public double sum(String name, Map<String, String> labels) {
        return find(name, labels).stream().mapToDouble(Sample::value).sum();
    }
}
