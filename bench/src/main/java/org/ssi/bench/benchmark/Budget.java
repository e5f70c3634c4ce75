package org.ssi.bench.benchmark;

import java.time.Duration;
import java.time.Instant;

/** The time a benchmark may still use. */
public final class Budget {

    private final Instant deadline;

    public Budget(Duration budget) {
        this.deadline = Instant.now().plus(budget);
    }

    public boolean spent() {
        return Instant.now().isAfter(deadline);
    }

    /** The time left, never negative. */
    public Duration left() {
        Duration left = Duration.between(Instant.now(), deadline);
        return left.isNegative() ? Duration.ZERO : left;
    }
}
