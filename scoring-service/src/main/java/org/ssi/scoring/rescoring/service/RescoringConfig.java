package org.ssi.scoring.rescoring.service;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

/** How an activation rescores every member. */
@ConfigMapping(prefix = "ssi.rescoring")
public interface RescoringConfig {

    /** Members per chunk (1 to 5000); each chunk is one transaction with its score feed entries and the job's cursor. */
    @WithDefault("200")
    int chunkSize();

    /** A running job not moved for this long lost its processor (a replica stopped) and is taken over. */
    @WithDefault("2m")
    Duration staleAfter();

    /** How often each replica looks for such jobs. */
    @WithDefault("30s")
    Duration resumeInterval();
}
