package org.ssi.feed.kafka;

import java.time.Duration;

/** The wait of a feed loop between rounds; an interrupt ends it early and stays set. */
final class Pause {

    private Pause() {}

    static void sleep(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
