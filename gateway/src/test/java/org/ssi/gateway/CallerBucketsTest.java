package org.ssi.gateway;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.ssi.gateway.ratelimit.config.RateLimitConfig;
import org.ssi.gateway.ratelimit.service.CallerBuckets;

class CallerBucketsTest {

    private static RateLimitConfig config(double rate, int burst, int maxCallers) {
        return new RateLimitConfig() {
            @Override
            public boolean enabled() {
                return true;
            }

            @Override
            public double requestsPerSecond() {
                return rate;
            }

            @Override
            public int burst() {
                return burst;
            }

            @Override
            public int maxCallers() {
                return maxCallers;
            }

            @Override
            public Duration sweepInterval() {
                return Duration.ofSeconds(30);
            }
        };
    }

    @Test
    void allows_the_burst_then_the_rate_and_says_when_to_retry() {
        AdjustableClock clock = new AdjustableClock();
        CallerBuckets buckets = new CallerBuckets(config(10, 5, 100), clock);
        for (int i = 0; i < 5; i++) {
            assertTrue(buckets.take("a").allowed());
        }
        CallerBuckets.Decision refused = buckets.take("a");
        assertFalse(refused.allowed());
        assertEquals(Duration.ofMillis(100), refused.retryAfter());
        clock.advance(Duration.ofMillis(100));
        assertTrue(buckets.take("a").allowed());
        assertFalse(buckets.take("a").allowed());
        assertTrue(buckets.take("b").allowed(), "another caller has their own bucket");
    }

    @Test
    void forgets_buckets_that_have_refilled() {
        AdjustableClock clock = new AdjustableClock();
        CallerBuckets buckets = new CallerBuckets(config(10, 5, 100), clock);
        for (int caller = 0; caller < 50; caller++) {
            buckets.take("caller-" + caller);
        }
        assertEquals(50, buckets.tracked());
        buckets.forgetRefilled();
        assertEquals(50, buckets.tracked(), "none has refilled yet");
        clock.advance(Duration.ofMillis(100));
        buckets.forgetRefilled();
        assertEquals(0, buckets.tracked());
    }

    @Test
    void holds_memory_bounded_under_a_flood_of_callers() {
        AdjustableClock clock = new AdjustableClock();
        CallerBuckets buckets = new CallerBuckets(config(1, 2, 10), clock);
        int allowed = 0;
        for (int caller = 0; caller < 10_000; caller++) {
            if (buckets.take("flood-" + caller).allowed()) {
                allowed++;
            }
        }
        assertTrue(buckets.tracked() <= 11, "tracked " + buckets.tracked());
        assertEquals(10 + 2, allowed, "ten callers with their own bucket, the rest share one of two tokens");
        clock.advance(Duration.ofSeconds(2));
        assertTrue(buckets.take("newcomer").allowed(), "room again once the others have refilled");
    }
}
