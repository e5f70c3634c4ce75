package org.ssi.gateway.upstream;

import java.time.Duration;

/** A service behind the gateway is down, too slow or behind an open breaker: 503 with {@code Retry-After}. */
public final class ServiceUnavailable extends RuntimeException {

    private final String service;
    private final transient Duration retryAfter;

    public ServiceUnavailable(String service, String detail, Duration retryAfter) {
        super(detail, null, false, false);
        this.service = service;
        this.retryAfter = retryAfter;
    }

    public String service() {
        return service;
    }

    /** Whole seconds, at least one. */
    public long retryAfterSeconds() {
        return Math.max(1, (retryAfter.toMillis() + 999) / 1000);
    }
}
