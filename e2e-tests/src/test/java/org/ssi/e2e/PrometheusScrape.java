package org.ssi.e2e;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Assertions;
import org.ssi.devstack.Http;

/** A service's Prometheus endpoint ({@code /q/metrics}) as Prometheus scrapes it. */
final class PrometheusScrape {

    private static final Pattern SAMPLE = Pattern.compile("(?m)^([a-zA-Z_:][a-zA-Z0-9_:]*)(\\{([^}]*)})? (\\S+)$");

    private PrometheusScrape() {}

    /**
     * The sum of the samples of the metric whose labels include all of {@code labels}; null when there is none (the
     * meter is not registered).
     */
    static Double sum(String serviceUrl, String name, Map<String, String> labels) {
        String body =
                Http.getAccepting(serviceUrl + "/q/metrics", null, "text/plain").body();
        Matcher sample = SAMPLE.matcher(body);
        Double sum = null;
        while (sample.find()) {
            if (sample.group(1).equals(name) && hasLabels(sample.group(3), labels)) {
                sum = (sum == null ? 0 : sum) + Double.parseDouble(sample.group(4));
            }
        }
        return sum;
    }

    /** Waits until the metric's sum is the value. */
    static void await(String serviceUrl, String name, Map<String, String> labels, double value) {
        Instant deadline = Instant.now().plus(Duration.ofMinutes(1));
        Double seen = sum(serviceUrl, name, labels);
        while (seen == null || seen != value) {
            if (Instant.now().isAfter(deadline)) {
                Assertions.fail(name + labels + " at " + serviceUrl + " stayed " + seen + ", not " + value);
            }
            try {
                Thread.sleep(250);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
            seen = sum(serviceUrl, name, labels);
        }
    }

    private static boolean hasLabels(String text, Map<String, String> labels) {
        String all = "," + (text == null ? "" : text) + ",";
        return labels.entrySet().stream()
                .allMatch(label -> all.contains("," + label.getKey() + "=\"" + label.getValue() + "\","));
    }
}
