package org.ssi.gateway.ratelimit.service;

import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.ssi.gateway.ratelimit.config.RateLimitConfig;

/**
 * One token bucket per caller. A bucket holds at most {@code burst} tokens, refills at {@code requestsPerSecond},
 * and each request takes one. A bucket that has refilled completely is the same as no bucket, so it is forgotten:
 * memory follows the callers active in the last {@code burst / requestsPerSecond} seconds, bounded by
 * {@code maxCallers}.
 */
@ApplicationScoped
public class CallerBuckets {

    /** The bucket shared by callers that arrive while {@code maxCallers} are tracked. */
    static final String OVERFLOW = "overflow";

    private static final long SWEEP_PAUSE_MILLIS = 1000;

    private final Clock clock;
    private final double perMilli;
    private final double burst;
    private final int maxCallers;
    private final Map<String, Bucket> buckets = new ConcurrentHashMap<>();
    private final AtomicLong lastSweep = new AtomicLong(Long.MIN_VALUE / 2);

    public CallerBuckets(RateLimitConfig config, Clock clock) {
        if (config.requestsPerSecond() <= 0 || config.burst() < 1 || config.maxCallers() < 1) {
            throw new IllegalArgumentException(
                    "ssi.rate-limit.requests-per-second, burst and max-callers must be positive");
        }
        this.clock = clock;
        this.perMilli = config.requestsPerSecond() / 1000.0;
        this.burst = config.burst();
        this.maxCallers = config.maxCallers();
    }

    /** The answer for one request: allowed, or refused with the time until the next request would be. */
    public record Decision(boolean allowed, Duration retryAfter) {

        static final Decision ALLOWED = new Decision(true, Duration.ZERO);
    }

    /** Takes a token from the caller's bucket if there is one. */
    public Decision take(String caller) {
        long now = clock.millis();
        Bucket bucket = buckets.get(caller);
        if (bucket == null) {
            if (buckets.size() >= maxCallers) {
                sweepAtMostOnceASecond(now);
            }
            String key = buckets.size() >= maxCallers ? OVERFLOW : caller;
            bucket = buckets.computeIfAbsent(key, ignored -> new Bucket(burst, now));
        }
        synchronized (bucket) {
            bucket.refill(now, perMilli, burst);
            if (bucket.tokens >= 1) {
                bucket.tokens -= 1;
                return Decision.ALLOWED;
            }
            long wait = (long) Math.ceil((1 - bucket.tokens) / perMilli);
            return new Decision(false, Duration.ofMillis(Math.max(1, wait)));
        }
    }

    /** A full map is swept when a new caller comes, but not for every one of a flood of them. */
    private void sweepAtMostOnceASecond(long now) {
        long last = lastSweep.get();
        if (now - last >= SWEEP_PAUSE_MILLIS && lastSweep.compareAndSet(last, now)) {
            forgetRefilled();
        }
    }

    /** Forgets every bucket that has refilled completely; called periodically and when the map is full. */
    public void forgetRefilled() {
        long now = clock.millis();
        buckets.entrySet().removeIf(entry -> {
            Bucket bucket = entry.getValue();
            synchronized (bucket) {
                bucket.refill(now, perMilli, burst);
                return bucket.tokens >= burst;
            }
        });
    }

    /** How many callers are tracked now. */
    public int tracked() {
        return buckets.size();
    }

    private static final class Bucket {
        private double tokens;
        private long updatedAt;

        Bucket(double tokens, long updatedAt) {
            this.tokens = tokens;
            this.updatedAt = updatedAt;
        }

        void refill(long now, double perMilli, double burst) {
            long elapsed = Math.max(0, now - updatedAt);
            tokens = Math.min(burst, tokens + elapsed * perMilli);
            updatedAt = Math.max(updatedAt, now);
        }
    }
}
