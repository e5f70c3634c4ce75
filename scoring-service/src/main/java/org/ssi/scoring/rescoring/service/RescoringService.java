package org.ssi.scoring.rescoring.service;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.scheduler.Scheduled;
import io.quarkus.vertx.VertxContextSupport;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;
import io.vertx.pgclient.PgException;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import org.jboss.logging.Logger;
import org.ssi.problem.Problem;
import org.ssi.problem.Problem.FieldError;
import org.ssi.problem.ProblemException;
import org.ssi.problem.ProblemType;
import org.ssi.scoring.feed.client.ActivityInputs;
import org.ssi.scoring.model.MemberInputs;
import org.ssi.scoring.model.repository.MemberInputsRepository;
import org.ssi.scoring.model.service.ActiveModel;
import org.ssi.scoring.rescoring.repository.RescoringJobRepository;
import org.ssi.scoring.rescoring.repository.RescoringJobRepository.Position;
import org.ssi.scoring.rescoring.repository.RescoringJobRepository.RescoringJob;
import org.ssi.scoring.score.service.ScoringService;

/**
 * Activating a model version: the version becomes the one every replica scores with at once, and a background job
 * rescores every member's score of today with it, a chunk of members per transaction (their scores, their score
 * feed entries and the job's cursor together). Past days keep the version they were scored with. A job whose
 * processor stopped is taken over by any replica and goes on from its cursor; a rescored member whose score did not
 * change gets no feed entry, so nothing is doubled.
 */
@ApplicationScoped
public class RescoringService {

    private static final Logger LOG = Logger.getLogger(RescoringService.class);
    private static final int ATTEMPTS_PER_CHUNK = 3;

    /** What a chunk found to do: its members, and those whose inputs are not kept here. */
    private record Plan(String afterMember, List<String> members, List<String> withoutInputs) {}

    private final Pool pool;
    private final RescoringJobRepository jobs;
    private final MemberInputsRepository inputs;
    private final ActiveModel models;
    private final ScoringService scoring;
    private final ActivityInputs activityInputs;
    private final RescoringConfig config;
    /** The members of the job this replica works on, done and in all, as it last read them. */
    private final AtomicInteger membersDone = new AtomicInteger();

    private final AtomicInteger membersTotal = new AtomicInteger();
    private final Counter succeeded;
    private final Counter failed;
    private final ExecutorService worker = Executors.newSingleThreadExecutor(task -> {
        Thread thread = new Thread(task, "rescoring");
        thread.setDaemon(true);
        return thread;
    });

    public RescoringService(
            Pool pool,
            RescoringJobRepository jobs,
            MemberInputsRepository inputs,
            ActiveModel models,
            ScoringService scoring,
            ActivityInputs activityInputs,
            RescoringConfig config,
            MeterRegistry registry) {
        this.pool = pool;
        this.jobs = jobs;
        this.inputs = inputs;
        this.models = models;
        this.scoring = scoring;
        this.activityInputs = activityInputs;
        this.config = config;
        // ssi_rescoring_members{state} shows how far a rescoring has come; ssi_rescoring_runs_total{outcome} that one
        // failed (its members keep today's scores of the old version until the version is activated again).
        Gauge.builder("ssi.rescoring.members", membersDone, AtomicInteger::get)
                .description("Members of the rescoring job this replica works on or last worked on")
                .tag("state", "done")
                .register(registry);
        Gauge.builder("ssi.rescoring.members", membersTotal, AtomicInteger::get)
                .description("Members of the rescoring job this replica works on or last worked on")
                .tag("state", "total")
                .register(registry);
        this.succeeded = runs(registry, "success");
        this.failed = runs(registry, "failure");
    }

    private static Counter runs(MeterRegistry registry, String outcome) {
        return Counter.builder("ssi.rescoring.runs")
                .description("Rescoring jobs this replica ran to their end, by outcome")
                .tag("outcome", outcome)
                .register(registry);
    }

    @PreDestroy
    void stop() {
        worker.shutdownNow();
    }

    /**
     * Makes the version active and starts rescoring every member with it. 422 for a version that is not stored, 409
     * while another activation is still rescoring.
     */
    public Uni<RescoringJob> activate(int version, String requestedBy) {
        return pool.withTransaction(connection -> stored(connection, version)
                        .chain(() -> jobs.running(connection))
                        .chain(running -> switchTo(connection, version, running))
                        .chain(() -> jobs.start(connection, version, requestedBy)))
                .onFailure(RescoringService::isUniqueViolation)
                .transform(e -> conflict(null))
                .invoke(this::submit)
                .chain(jobs::find);
    }

    public Uni<RescoringJob> job(long id) {
        return jobs.find(id)
                .onItem()
                .ifNull()
                .failWith(() -> new ProblemException(ProblemType.NOT_FOUND, "No rescoring job " + id));
    }

    /** The latest job, or null when no version was ever activated here. */
    public Uni<RescoringJob> latest() {
        return jobs.latest();
    }

    /** Takes over the running jobs nobody moved for the configured time (a stopped replica's). */
    @Scheduled(every = "${ssi.rescoring.resume-interval:30s}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> takeOverStaleJobs() {
        return resume(config.staleAfter()).replaceWithVoid();
    }

    /** Goes on with the running jobs not moved for {@code quiet}; answers their ids. */
    public Uni<List<Long>> resume(Duration quiet) {
        return jobs.stale(quiet).invoke(ids -> ids.forEach(this::submit));
    }

    private Uni<Void> stored(SqlConnection connection, int version) {
        return connection
                .preparedQuery("select 1 from scoring.scoring_model where version = $1")
                .execute(Tuple.of(version))
                .invoke(rows -> {
                    if (rows.size() == 0) {
                        throw new ProblemException(Problem.invalid(
                                "No scoring model version " + version + "; add it first",
                                List.of(new FieldError("/version", "is not a stored model version"))));
                    }
                })
                .replaceWithVoid();
    }

    /** Waits for the transactions scoring with the old version (they hold the row for share), then switches. */
    private Uni<Void> switchTo(SqlConnection connection, int version, Long running) {
        if (running != null) {
            return Uni.createFrom().failure(conflict(running));
        }
        return connection
                .preparedQuery("update scoring.active_model set version = $1 where id = 1")
                .execute(Tuple.of(version))
                .replaceWithVoid();
    }

    private static ProblemException conflict(Long running) {
        Problem problem = Problem.of(
                ProblemType.CONFLICT,
                "Another activation is still rescoring the members; wait until its job is done or failed");
        return new ProblemException(running == null ? problem : problem.with("job", running));
    }

    private static boolean isUniqueViolation(Throwable e) {
        return e instanceof PgException pg && "23505".equals(pg.getSqlState());
    }

    private void submit(long id) {
        worker.submit(() -> run(id));
    }

    /** Runs the job to its end on the worker thread, one chunk (one transaction) at a time. */
    void run(long id) {
        String state = "running";
        try {
            boolean more = true;
            while (more) {
                more = VertxContextSupport.subscribeAndAwait(() -> Uni.createFrom()
                        .deferred(() -> chunk(id))
                        .onFailure()
                        .retry()
                        .withBackOff(Duration.ofMillis(200))
                        .atMost(ATTEMPTS_PER_CHUNK - 1));
                state = observe(id);
            }
        } catch (Throwable e) {
            LOG.errorf("Rescoring job %d failed; activate the version again to rerun it: %s", id, e.toString());
            failed.increment();
            try {
                VertxContextSupport.subscribeAndAwait(() -> jobs.fail(id, String.valueOf(e.getMessage())));
            } catch (Throwable again) {
                LOG.errorf("Could not mark rescoring job %d failed: %s", id, again.toString());
            }
            return;
        }
        if (state.equals("done")) {
            succeeded.increment();
        }
    }

    /**
     * Reads where the job stands into the gauges; answers its state. A failed read leaves the gauges as they were:
     * they are for the operator, not for the job.
     */
    private String observe(long id) {
        try {
            RescoringJob job = VertxContextSupport.subscribeAndAwait(() -> jobs.find(id));
            membersDone.set(job.done());
            membersTotal.set(job.total());
            return job.state();
        } catch (Throwable e) {
            LOG.warnf("Could not read rescoring job %d for its metrics: %s", id, e.toString());
            return "unknown";
        }
    }

    /**
     * Rescores the next chunk; answers whether the job goes on. Two transactions: one finds the chunk's members, the
     * other, after the inputs missing here were asked of activity-service, rescores them and moves the cursor.
     */
    private Uni<Boolean> chunk(long id) {
        LocalDate today = LocalDate.now(ZoneOffset.UTC);
        return pool.withTransaction(connection -> plan(connection, id))
                .chain(plan -> plan == null ? Uni.createFrom().item(false) : rescore(id, plan, today));
    }

    private Uni<Boolean> rescore(long id, Plan plan, LocalDate today) {
        return fetch(plan.withoutInputs(), today)
                .chain(fetched -> pool.withTransaction(connection -> apply(connection, id, plan, fetched, today)))
                .replaceWith(true);
    }

    /** The next members, or null when the job is over (and then it is marked done). */
    private Uni<Plan> plan(SqlConnection connection, long id) {
        return jobs.lock(connection, id).chain(position -> plan(connection, id, position));
    }

    private Uni<Plan> plan(SqlConnection connection, long id, Position position) {
        if (!position.state().equals("running")) {
            return Uni.createFrom().nullItem();
        }
        return jobs.membersAfter(connection, position.afterMember(), chunkSize())
                .chain(members ->
                        members.isEmpty() ? finish(connection, id) : withoutInputs(connection, position, members));
    }

    private Uni<Plan> finish(SqlConnection connection, long id) {
        return jobs.finish(connection, id)
                .invoke(() -> LOG.infof("Rescoring job %d done", id))
                .map(nothing -> null);
    }

    private Uni<Plan> withoutInputs(SqlConnection connection, Position position, List<String> members) {
        return inputs.lock(connection, members)
                .map(kept -> new Plan(
                        position.afterMember(),
                        members,
                        members.stream().filter(m -> !kept.containsKey(m)).toList()));
    }

    /** Members scored before their inputs were kept here: asked of activity-service (unknown ones are skipped). */
    private Uni<Map<String, MemberInputs>> fetch(List<String> members, LocalDate day) {
        if (members.isEmpty()) {
            return Uni.createFrom().item(Map.of());
        }
        return activityInputs.of(members, day).map(found -> {
            Map<String, MemberInputs> byMember = new HashMap<>();
            found.forEach(in -> byMember.put(in.memberId(), in));
            return byMember;
        });
    }

    private Uni<Void> apply(
            SqlConnection connection, long id, Plan plan, Map<String, MemberInputs> fetched, LocalDate today) {
        return jobs.lock(connection, id).chain(position -> apply(connection, id, position, plan, fetched, today));
    }

    private Uni<Void> apply(
            SqlConnection connection,
            long id,
            Position position,
            Plan plan,
            Map<String, MemberInputs> fetched,
            LocalDate today) {
        if (!position.state().equals("running") || !position.afterMember().equals(plan.afterMember())) {
            // another replica took this chunk meanwhile; the next plan starts from where it left off
            return Uni.createFrom().voidItem();
        }
        return inputs.lock(connection, plan.members())
                .chain(kept -> rescore(connection, position.version(), today(plan, kept, fetched, today)))
                .chain(() -> jobs.advance(
                        connection,
                        id,
                        plan.members().get(plan.members().size() - 1),
                        plan.members().size()));
    }

    /** Scores with the job's version, in the chunk's transaction. */
    private Uni<Void> rescore(SqlConnection connection, int version, List<MemberInputs> rescored) {
        return models.engine(connection, version).chain(engine -> scoring.recordWith(connection, engine, rescored));
    }

    private static List<MemberInputs> today(
            Plan plan, Map<String, MemberInputs> kept, Map<String, MemberInputs> fetched, LocalDate today) {
        List<MemberInputs> rescored = new ArrayList<>();
        for (String member : plan.members()) {
            MemberInputs in = kept.getOrDefault(member, fetched.get(member));
            if (in != null) {
                rescored.add(in.onDay(today));
            }
        }
        return rescored;
    }

    private int chunkSize() {
        return Math.max(1, Math.min(5000, config.chunkSize()));
    }
}
