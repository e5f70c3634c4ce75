package org.ssi.e2e;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Assertions;
import org.ssi.devstack.Http;
import org.ssi.devstack.Scrape;

/** A service's Prometheus endpoint ({@code /q/metrics}) as Prometheus scrapes it. */
final class PrometheusScrape {

    private PrometheusScrape() {}

    /**
     * The sum of the samples of the metric whose labels include all of {@code labels}; null when there is none (the
     * meter is not registered).
     */
    static Double sum(String serviceUrl, String name, Map<String, String> labels) {
        String body =
                Http.getAccepting(serviceUrl + "/q/metrics", null, "text/plain").body();
        Scrape scrape = Scrape.of(body);
        return scrape.has(name, labels) ? scrape.sum(name, labels) : null;
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
}
