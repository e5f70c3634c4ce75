package org.ssi.gateway.upstream;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

/**
 * How the gateway protects itself from a service that is down or slow: a timeout on every call, and a circuit breaker
 * per service that, once too many recent calls failed, answers 503 at once for {@link CircuitBreaker#delay()} instead
 * of waiting on the service, then lets a trial call through.
 */
@ConfigMapping(prefix = "ssi.upstream")
public interface UpstreamConfig {

    /** The longest a service may take to answer an ordinary call (the directory import has its own, longer one). */
    @WithDefault("15s")
    Duration timeout();

    /** The {@code Retry-After} of a 503 for a service that could not be reached or failed. */
    @WithDefault("5s")
    Duration retryAfter();

    CircuitBreaker circuitBreaker();

    /** The circuit breaker of each service. */
    interface CircuitBreaker {

        /** How many recent calls are judged together. */
        @WithDefault("20")
        int requestVolumeThreshold();

        /** The share of failures among them that opens the breaker. */
        @WithDefault("0.5")
        double failureRatio();

        /** How long the breaker stays open before a trial call. */
        @WithDefault("5s")
        Duration delay();

        /** How many trial calls must succeed to close it again. */
        @WithDefault("1")
        int successThreshold();
    }
}
