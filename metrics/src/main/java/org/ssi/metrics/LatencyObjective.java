package org.ssi.metrics;

import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.config.MeterFilter;
import io.micrometer.core.instrument.distribution.DistributionStatisticConfig;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.time.Duration;
import java.util.List;

/**
 * The latency objective of every service: 99 % of requests answered within 0.5 s. Quarkus records
 * {@code http.server.requests} as a timer without buckets, from which no percentile can be computed across replicas;
 * this filter gives it fixed buckets around the objective, so that Prometheus computes the p99 of a service
 * ({@code histogram_quantile} over {@code http_server_requests_seconds_bucket}) and the alert and the dashboard compare
 * it with 0.5 s. Fixed buckets rather than Micrometer's percentile histogram: seven series per endpoint instead of
 * about seventy.
 */
@Singleton
public class LatencyObjective {

    /** The p99 every service must stay under. */
    public static final Duration OBJECTIVE = Duration.ofMillis(500);

    /** The histogram's upper bounds: fine around the objective, coarse far from it. */
    public static final List<Duration> BUCKETS = List.of(
            Duration.ofMillis(25),
            Duration.ofMillis(50),
            Duration.ofMillis(100),
            Duration.ofMillis(250),
            OBJECTIVE,
            Duration.ofSeconds(1),
            Duration.ofMillis(2500));

    static final String HTTP_SERVER_REQUESTS = "http.server.requests";

    @Produces
    @Singleton
    MeterFilter httpServerBuckets() {
        double[] nanos = BUCKETS.stream().mapToDouble(Duration::toNanos).toArray();
        return new MeterFilter() {
            @Override
            public DistributionStatisticConfig configure(Meter.Id id, DistributionStatisticConfig config) {
                if (!id.getName().equals(HTTP_SERVER_REQUESTS)) {
                    return config;
                }
                return DistributionStatisticConfig.builder()
                        .serviceLevelObjectives(nanos)
                        .build()
                        .merge(config);
            }
        };
    }
}
