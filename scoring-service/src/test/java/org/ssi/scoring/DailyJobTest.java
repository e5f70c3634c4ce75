package org.ssi.scoring;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.oidc.server.OidcWiremockTestResource;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.LocalDate;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.ssi.devstack.PostgresTestResource;
import org.ssi.job.DailyJob;
import org.ssi.job.DailyJob.Outcome;

/**
 * The daily job's once-per-cluster rule on the real database: each {@link DailyJob} here is one replica's (its own
 * meters; the lock taken on a connection of its own, as another process's would be).
 */
@QuarkusTest
@QuarkusTestResource(PostgresTestResource.class)
@QuarkusTestResource(OidcWiremockTestResource.class)
class DailyJobTest {

    private static final Duration LIMIT = Duration.ofSeconds(30);
    private static final LocalDate DAY = LocalDate.of(2026, 4, 1);

    @Inject
    Pool pool;

    private final String name = "t-" + UUID.randomUUID().toString().substring(0, 8);
    private final AtomicInteger worked = new AtomicInteger();

    @Test
    void runs_once_when_two_replicas_fire_at_the_same_moment_and_not_again_that_day() throws Exception {
        MeterRegistry first = new SimpleMeterRegistry();
        MeterRegistry second = new SimpleMeterRegistry();
        MeterRegistry later = new SimpleMeterRegistry();
        CompletableFuture<Void> firstIsWorking = new CompletableFuture<>();
        CompletableFuture<Void> secondHasFinished = new CompletableFuture<>();

        // the first replica holds the lock until the second has tried: both fired "at the same moment"
        CompletableFuture<Outcome> firstRun = replica(first)
                .runOncePerDay(DAY, () -> {
                    worked.incrementAndGet();
                    firstIsWorking.complete(null);
                    return Uni.createFrom().completionStage(secondHasFinished);
                })
                .subscribeAsCompletionStage();
        firstIsWorking.get(30, TimeUnit.SECONDS);
        Outcome secondRun =
                replica(second).runOncePerDay(DAY, this::work).await().atMost(LIMIT);
        secondHasFinished.complete(null);

        assertEquals(Outcome.SKIPPED, secondRun, "the second replica found the job running");
        assertEquals(Outcome.SUCCESS, firstRun.get(30, TimeUnit.SECONDS));
        assertEquals(
                Outcome.SKIPPED,
                replica(later).runOncePerDay(DAY, this::work).await().atMost(LIMIT),
                "a replica that fires later that day finds the day done");
        assertEquals(1, worked.get(), "the work ran once");
        assertEquals(1, recordedDays(), "the day is recorded once");
        assertEquals(1, runs(first, "success"));
        assertEquals(1, runs(second, "skipped"));
        assertEquals(1, runs(later, "skipped"));
        assertEquals(0, runs(second, "success") + runs(later, "success"));
        assertTrue(lastSuccess(later) > 0, "the later replica knows when the job last succeeded");
    }

    @Test
    void a_failed_day_is_done_by_the_next_replica_and_an_explicit_run_always_runs() {
        DailyJob failing = replica(new SimpleMeterRegistry());
        MeterRegistry meters = new SimpleMeterRegistry();
        DailyJob next = replica(meters);

        Outcome failed = failing.runOncePerDay(
                        DAY, () -> Uni.createFrom().failure(new IllegalStateException("activity-service down")))
                .await()
                .atMost(LIMIT);
        assertEquals(Outcome.FAILURE, failed);
        assertEquals(0, recordedDays(), "a failure records nothing");

        assertEquals(
                Outcome.SUCCESS, next.runOncePerDay(DAY, this::work).await().atMost(LIMIT));
        assertEquals(2, next.run(DAY, this::work).await().atMost(LIMIT), "an explicit run runs on a done day");
        assertEquals(2, worked.get());
        assertEquals(1, recordedDays());
        assertEquals(2, runs(meters, "success"));
        assertEquals(0, runs(meters, "skipped"));
        assertTrue(lastDuration(meters) >= 0);
    }

    private DailyJob replica(MeterRegistry registry) {
        return new DailyJob(name, "scoring.job_run", pool, registry);
    }

    private Uni<Integer> work() {
        return Uni.createFrom().item(worked::incrementAndGet);
    }

    private long recordedDays() {
        return pool.preparedQuery("select count(*) as n from scoring.job_run where job = $1 and day = $2")
                .execute(Tuple.of(name, DAY))
                .await()
                .atMost(LIMIT)
                .iterator()
                .next()
                .getLong("n");
    }

    private double runs(MeterRegistry registry, String outcome) {
        return registry.get("ssi.job.runs")
                .tag("task", name)
                .tag("outcome", outcome)
                .counter()
                .count();
    }

    private double lastSuccess(MeterRegistry registry) {
        return registry.get("ssi.job.last.success.timestamp.seconds")
                .tag("task", name)
                .gauge()
                .value();
    }

    private double lastDuration(MeterRegistry registry) {
        return registry.get("ssi.job.last.duration.seconds")
                .tag("task", name)
                .gauge()
                .value();
    }
}
