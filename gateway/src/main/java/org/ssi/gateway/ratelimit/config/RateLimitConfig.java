package org.ssi.gateway.ratelimit.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

/**
 * The per-caller rate limit of the public API ({@code /api/v1}): a token bucket per caller, keyed by the token's
 * subject, or by the client address for a request without a valid token. Each caller may send {@link #burst()}
 * requests at once and {@link #requestsPerSecond()} on average; past that they get 429 with {@code Retry-After}.
 *
 * <p>The defaults are a ceiling against runaway clients, not a quota: one user's load test with 128 connections stays
 * well below them. Operators who want a quota set lower values.
 */
@ConfigMapping(prefix = "ssi.rate-limit")
public interface RateLimitConfig {

    /** Whether requests are counted at all. */
    @WithDefault("true")
    boolean enabled();

    /** The sustained rate each caller may send. */
    @WithDefault("5000")
    double requestsPerSecond();

    /** How many requests a caller may send at once after being idle. */
    @WithDefault("10000")
    int burst();

    /**
     * The most callers tracked at once; a bucket is forgotten once it has refilled, so this bounds the memory only
     * under a flood of distinct callers, who then share one bucket.
     */
    @WithDefault("100000")
    int maxCallers();

    /** How often buckets that have refilled are forgotten. */
    @WithDefault("30s")
    Duration sweepInterval();
}
