package org.ssi.activity.retention.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** How long raw events and daily totals are kept, and when and in what steps retention runs. */
@ConfigMapping(prefix = "ssi.retention")
public interface RetentionConfig {

    /** Quartz-style cron, UTC; by default after scoring-service's rollover and ranking-service's snapshot. */
    @WithDefault("0 0 2 * * ?")
    String cron();

    /**
     * Raw events that occurred more days ago than this leave the event table (their ids and digests stay). The
     * scoring window is 90 days and nothing reads raw events for scoring; the margin leaves a month to inspect
     * recent raw events.
     */
    @WithDefault("120")
    int rawEventDays();

    /** Daily totals of days older than this are folded into the carried totals (two years of history). */
    @WithDefault("731")
    int dailyTotalDays();

    /** Rows per transaction: each chunk holds the retention lock for one short transaction only. */
    @WithDefault("5000")
    int chunkSize();
}
