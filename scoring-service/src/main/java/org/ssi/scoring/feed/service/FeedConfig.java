package org.ssi.scoring.feed.service;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

/** How this service follows the activity change feed. */
@ConfigMapping(prefix = "ssi.feed")
public interface FeedConfig {

    /** How often to ask for new changes when the last page was empty. */
    @WithDefault("1s")
    Duration pollInterval();

    /** Changes read per page (at most 1000). */
    @WithDefault("500")
    int batchSize();
}
