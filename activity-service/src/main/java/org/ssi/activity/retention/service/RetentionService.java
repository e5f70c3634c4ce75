package org.ssi.activity.retention.service;

import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;
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

/**
 * Retention: raw events older than the scoring window and a margin leave the event table (their ids and content
 * digests stay, so idempotency holds forever), and daily totals older than two years are folded into each member's
 * carried totals (so "to date" inputs do not change). Runs daily and on demand, one short transaction per chunk.
 */
@ApplicationScoped
public class RetentionService {

    private static final Logger LOG = Logger.getLogger(RetentionService.class);

    /** What a run removed, and the bounds it removed before. */
    public record RetentionResult(
            Instant eventsBefore, int eventsArchived, LocalDate dailyTotalsBefore, int dailyTotalsCarried) {}

    private final RetentionRepository repository;
    private final RetentionConfig config;
    private final Clock clock = Clock.systemUTC();

    public RetentionService(RetentionRepository repository, RetentionConfig config) {
        this.repository = repository;
        this.config = config;
    }

    @Scheduled(
            cron = "{ssi.retention.cron}",
            timeZone = "UTC",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> daily() {
        return run().onFailure()
                .invoke(e -> LOG.errorf("Retention failed; the next run or POST /internal/retention resumes it: %s", e))
                .onFailure()
                .recoverWithNull()
                .replaceWithVoid();
    }

    /** Removes what is older than the configured horizons, as of now. */
    public Uni<RetentionResult> run() {
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
