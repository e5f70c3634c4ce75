package org.ssi.ranking.snapshot.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** When the daily rank snapshot is taken and how long snapshots are kept. */
@ConfigMapping(prefix = "ssi.snapshot")
public interface SnapshotConfig {

    /** Quartz-style cron, UTC: after scoring-service's 00:05 rollover has reached this service through the feed. */
    @WithDefault("0 30 0 * * ?")
    String cron();

    /** Snapshots older than this many days are deleted when a new one is taken (two years of history). */
    @WithDefault("731")
    int keepDays();

    /** Connections read from activity-service per request while the network ranks are counted. */
    @WithDefault("10000")
    int connectionsPage();
}
