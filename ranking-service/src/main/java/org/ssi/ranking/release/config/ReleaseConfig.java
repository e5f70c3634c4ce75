package org.ssi.ranking.release.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** When the daily release of group figures and ranks is published, and how long releases are kept. */
@ConfigMapping(prefix = "ssi.release")
public interface ReleaseConfig {

    /** Quartz-style cron, UTC: after scoring-service's 00:05 rollover has reached this service through the feed. */
    @WithDefault("0 30 0 * * ?")
    String cron();

    /** Releases of days older than this many days are deleted when a new one is published (two years of history). */
    @WithDefault("731")
    int keepDays();

    /** Connections read from activity-service per request while the networks are counted. */
    @WithDefault("10000")
    int connectionsPage();
}
