package org.ssi.job;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowSet;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import org.jboss.logging.Logger;

/**
 * A daily job that runs once a day for the whole cluster, however many replicas the scheduler fires it in (the
 * scheduler's {@code concurrentExecution = SKIP} holds within one JVM only). A scheduled run takes a session
 * advisory lock named after the job's table and name ({@code pg_try_advisory_lock}); a replica that finds it taken,
 * or finds the day's row in the job's table (a success recorded by any replica), skips. Only a success records the
 * day: after a failure, a replica that fires later, or an admin's explicit {@link #run}, does the day again.
 *
 * <p>The table, in the service's own schema: {@code (job text, day date, finished_at timestamptz, duration_ms
 * bigint, primary key (job, day))}. Meters, tagged {@code task} with the job (not {@code job}, which Prometheus's scrape sets to the service): {@code ssi.job.runs} (outcome = success, failure
 * or skipped), {@code ssi.job.last.success.timestamp.seconds} (the cluster's last success as this replica knows it:
 * its own, or the one it found recorded when it skipped or started) and {@code ssi.job.last.duration.seconds}.
 */
public final class DailyJob {

    private static final Logger LOG = Logger.getLogger(DailyJob.class);

    /** How a run ended. */
    public enum Outcome {
        SUCCESS,
        FAILURE,
        SKIPPED;

        String tag() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    private final String name;
    private final String table;
    private final Pool pool;
    private final Map<Outcome, Counter> runs = new EnumMap<>(Outcome.class);
    private final AtomicReference<Double> lastSuccess = new AtomicReference<>(Double.NaN);
    private final AtomicReference<Double> lastDuration = new AtomicReference<>(Double.NaN);

    /**
     * Registers the meters and reads the last recorded success.
     *
     * @param name the job, as tagged and recorded: {@code rollover}, {@code release}, {@code retention}
     * @param table the job table, schema-qualified ({@code scoring.job_run})
     */
    public DailyJob(String name, String table, Pool pool, MeterRegistry registry) {
        this.name = name;
        this.table = table;
        this.pool = pool;
        for (Outcome outcome : Outcome.values()) {
            runs.put(
                    outcome,
                    Counter.builder("ssi.job.runs")
                            .description("Runs of a daily job by outcome; skipped: another replica ran it or runs it")
                            .tag("task", name)
                            .tag("outcome", outcome.tag())
                            .register(registry));
        }
        Gauge.builder("ssi.job.last.success.timestamp.seconds", lastSuccess, AtomicReference::get)
                .description("When the daily job last succeeded in the cluster, epoch seconds")
                .tag("task", name)
                .register(registry);
        Gauge.builder("ssi.job.last.duration.seconds", lastDuration, AtomicReference::get)
                .description("How long this replica's last run of the daily job took")
                .tag("task", name)
                .register(registry);
        recallLastSuccess();
    }

    /**
     * The scheduled run for the day: the work runs unless another replica holds the job's lock or the day has a
     * recorded success. Answers the outcome; a failure is logged and counted, never thrown.
     */
    public Uni<Outcome> runOncePerDay(LocalDate day, Supplier<Uni<?>> work) {
        return pool.getConnection()
                .chain(connection -> underLock(connection, day, work).eventually(connection::close));
    }

    /** An explicit run (an admin's rerun): runs whatever is recorded, and records and measures it like a daily one. */
    public <T> Uni<T> run(LocalDate day, Supplier<Uni<T>> work) {
        long began = System.nanoTime();
        return Uni.createFrom()
                .deferred(work::get)
                .call(() -> recordSuccess(day, began))
                .onFailure()
                .invoke(e -> finished(Outcome.FAILURE, began));
    }

    private Uni<Outcome> underLock(SqlConnection connection, LocalDate day, Supplier<Uni<?>> work) {
        return connection
                .preparedQuery("select pg_try_advisory_lock(hashtext($1)) as locked")
                .execute(Tuple.of(lockName()))
                .chain(rows -> rows.iterator().next().getBoolean("locked")
                        ? runIfNotDone(day, work).eventually(() -> unlock(connection))
                        : skip(day, "another replica runs it"));
    }

    private Uni<Outcome> runIfNotDone(LocalDate day, Supplier<Uni<?>> work) {
        return pool.preparedQuery("select finished_at from " + table + " where job = $1 and day = $2")
                .execute(Tuple.of(name, day))
                .chain(rows -> {
                    if (rows.size() > 0) {
                        remember(rows);
                        return skip(day, "it succeeded already today");
                    }
                    return runAndRecord(day, work);
                });
    }

    private Uni<Outcome> runAndRecord(LocalDate day, Supplier<Uni<?>> work) {
        long began = System.nanoTime();
        return Uni.createFrom()
                .deferred(work::get)
                .chain(() -> recordSuccess(day, began))
                .replaceWith(Outcome.SUCCESS)
                .onFailure()
                .recoverWithItem(e -> {
                    LOG.errorf("The daily %s of %s failed: %s", name, day, e.toString());
                    finished(Outcome.FAILURE, began);
                    return Outcome.FAILURE;
                });
    }

    private Uni<Outcome> skip(LocalDate day, String why) {
        LOG.debugf("The daily %s of %s is skipped on this replica: %s", name, day, why);
        runs.get(Outcome.SKIPPED).increment();
        return Uni.createFrom().item(Outcome.SKIPPED);
    }

    private Uni<Void> recordSuccess(LocalDate day, long began) {
        long millis = Duration.ofNanos(System.nanoTime() - began).toMillis();
        return pool.preparedQuery("insert into " + table + " (job, day, finished_at, duration_ms) values ($1, $2,"
                        + " now(), $3) on conflict (job, day) do update set finished_at = excluded.finished_at,"
                        + " duration_ms = excluded.duration_ms returning finished_at")
                .execute(Tuple.of(name, day, millis))
                .invoke(this::remember)
                .invoke(() -> finished(Outcome.SUCCESS, began))
                .replaceWithVoid();
    }

    private void finished(Outcome outcome, long began) {
        runs.get(outcome).increment();
        lastDuration.set((System.nanoTime() - began) / 1e9);
    }

    /** The session lock must be given back explicitly: the connection goes back to the pool, its session lives on. */
    private Uni<Void> unlock(SqlConnection connection) {
        return connection
                .preparedQuery("select pg_advisory_unlock(hashtext($1))")
                .execute(Tuple.of(lockName()))
                .replaceWithVoid();
    }

    private String lockName() {
        return table + ":" + name;
    }

    private void recallLastSuccess() {
        pool.preparedQuery("select max(finished_at) as finished_at from " + table + " where job = $1")
                .execute(Tuple.of(name))
                .subscribe()
                .with(this::remember, e -> LOG.warnf("The last %s could not be read: %s", name, e.toString()));
    }

    private void remember(RowSet<Row> rows) {
        if (rows.size() == 0) {
            return;
        }
        OffsetDateTime finished = rows.iterator().next().getOffsetDateTime("finished_at");
        if (finished != null) {
            Instant at = finished.toInstant();
            lastSuccess.accumulateAndGet(
                    at.getEpochSecond() + at.getNano() / 1e9,
                    (old, found) -> old.isNaN() ? found : Math.max(old, found));
        }
    }
}
