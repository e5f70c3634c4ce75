package org.ssi.activity.retention.service;

import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.Startup;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.function.Function;
import org.jboss.logging.Logger;
import org.ssi.activity.retention.config.RetentionConfig;
import org.ssi.activity.retention.repository.RetentionRepository;
import org.ssi.job.DailyJob;

/**
 * Retention: raw events older than the scoring window and a margin leave the event table (their ids and content
 * digests stay, so idempotency holds forever), and daily totals older than two years are folded into each member's
 * carried totals (so "to date" inputs do not change). Runs daily and on demand, one short transaction per chunk. The
 * daily run happens once for the cluster, on whichever replica fires first ({@link DailyJob}, job {@code retention},
 * table {@code activity.job_run}).
 */
@ApplicationScoped
@Startup
public class RetentionService {

    private static final Logger LOG = Logger.getLogger(RetentionService.class);

    /** What a run removed, and the bounds it removed before. */
    public record RetentionResult(
            Instant eventsBefore, int eventsArchived, LocalDate dailyTotalsBefore, int dailyTotalsCarried) {}

    private final RetentionRepository repository;
    private final RetentionConfig config;
    private final Clock clock = Clock.systemUTC();
    private final DailyJob job;

    public RetentionService(RetentionRepository repository, RetentionConfig config, Pool pool, MeterRegistry registry) {
        this.repository = repository;
        this.config = config;
        this.job = new DailyJob("retention", "activity.job_run", pool, registry);
    }

    @Scheduled(
            cron = "{ssi.retention.cron}",
            timeZone = "UTC",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> daily() {
        // a failure is logged by the job; the next day's run or POST /internal/retention resumes it
        return job.runOncePerDay(LocalDate.now(clock), this::removeOld).replaceWithVoid();
    }

    /** Removes what is older than the configured horizons, as of now: an operator's run, whatever ran today. */
    public Uni<RetentionResult> run() {
        return job.run(LocalDate.now(clock), this::removeOld);
    }

    private Uni<RetentionResult> removeOld() {
        Instant now = clock.instant();
        Instant eventsBefore = now.minus(Duration.ofDays(config.rawEventDays()));
        LocalDate totalsBefore = LocalDate.ofInstant(now, ZoneOffset.UTC).minusDays(config.dailyTotalDays());
        return inChunks(limit -> repository.archiveEvents(eventsBefore, limit), 0)
                .chain(events -> inChunks(limit -> repository.carryDailyTotals(totalsBefore, limit), 0)
                        .map(totals -> new RetentionResult(eventsBefore, events, totalsBefore, totals)))
                .invoke(result -> LOG.infof("Retention: %s", result));
    }

    /** Runs chunks until one removes fewer rows than a chunk holds; answers the rows removed. */
    private Uni<Integer> inChunks(Function<Integer, Uni<Integer>> chunk, int doneSoFar) {
        int size = config.chunkSize();
        return chunk.apply(size)
                .chain(removed -> removed < size
                        ? Uni.createFrom().item(doneSoFar + removed)
                        : inChunks(chunk, doneSoFar + removed));
    }
}
