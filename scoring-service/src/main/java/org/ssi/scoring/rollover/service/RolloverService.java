package org.ssi.scoring.rollover.service;

import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.Startup;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import org.eclipse.microprofile.rest.client.inject.RestClient;
import org.jboss.logging.Logger;
import org.ssi.job.DailyJob;
import org.ssi.scoring.feed.client.ActivityClient;
import org.ssi.scoring.feed.client.ActivityInputs;
import org.ssi.scoring.model.MemberInputs;
import org.ssi.scoring.score.service.ScoringService;

/**
 * The daily rollover: every member gets a row for the day. Members whose 90-day window changed (activity entered or
 * left it) are rescored; everyone else carries their last score forward, without any computation. Both steps are
 * idempotent, so a rerun after a crash finishes the day and doubles nothing.
 *
 * <p>The scheduled rollover runs once a day for the cluster, on whichever replica fires first ({@link DailyJob}, job
 * {@code rollover}, table {@code scoring.job_run}); an admin's rollover always runs.
 */
@ApplicationScoped
@Startup
public class RolloverService {

    static final int HISTORY_DAYS = 731;
    private static final Logger LOG = Logger.getLogger(RolloverService.class);
    private static final int PAGE = ActivityInputs.MAX_MEMBERS;

    /** What a rollover did. */
    public record RolloverResult(LocalDate day, int rescored, int carriedForward, int expired) {}

    private final Pool pool;
    private final ActivityClient activity;
    private final ActivityInputs inputs;
    private final ScoringService scoring;
    private final DailyJob job;

    public RolloverService(
            Pool pool,
            @RestClient ActivityClient activity,
            ActivityInputs inputs,
            ScoringService scoring,
            MeterRegistry registry) {
        this.pool = pool;
        this.activity = activity;
        this.inputs = inputs;
        this.scoring = scoring;
        this.job = new DailyJob("rollover", "scoring.job_run", pool, registry);
    }

    /** Fired on every replica; a failure is logged by the job and rerun by POST /internal/admin/rollover. */
    @Scheduled(cron = "{ssi.rollover.cron}", timeZone = "UTC", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> daily() {
        LocalDate today = LocalDate.now(ZoneOffset.UTC);
        return job.runOncePerDay(today, () -> rolloverDay(today)).replaceWithVoid();
    }

    /** An explicit rollover of the day (an admin's, or a rerun after a failure): runs whatever was recorded. */
    public Uni<RolloverResult> rollover(LocalDate day) {
        return job.run(day, () -> rolloverDay(day));
    }

    private Uni<RolloverResult> rolloverDay(LocalDate day) {
        LOG.infof("Rollover of %s: rescoring the members whose window changed", day);
        return activity.windowChanges(day.toString())
                .chain(changes -> rescore(day, changes.memberIds()))
                .chain(rescored -> carryForward(day).map(carried -> new int[] {rescored, carried}))
                .chain(counts -> expire(day).map(expired -> result(day, counts, expired)));
    }

    private static RolloverResult result(LocalDate day, int[] counts, int expired) {
        RolloverResult result = new RolloverResult(day, counts[0], counts[1], expired);
        LOG.infof(
                "Rollover of %s done: %d rescored, %d carried forward, %d expired", day, counts[0], counts[1], expired);
        return result;
    }

    private Uni<Integer> rescore(LocalDate day, List<String> members) {
        return Multi.createFrom()
                .iterable(members)
                .group()
                .intoLists()
                .of(PAGE)
                .onItem()
                .transformToUniAndConcatenate(page -> rescorePage(day, page))
                .collect()
                .with(java.util.stream.Collectors.summingInt(Integer::intValue))
                .invoke(done -> LOG.infof("Rollover of %s: %d of %d members rescored", day, done, members.size()));
    }

    /** A page of members: their inputs in one request, their scores in one transaction. */
    private Uni<Integer> rescorePage(LocalDate day, List<String> page) {
        return inputs.of(page, day).call(scoring::record).map(List<MemberInputs>::size);
    }

    /** Copies each member's latest earlier score to the day where the day has none. */
    private Uni<Integer> carryForward(LocalDate day) {
        String sql = "insert into scoring.daily_score (member_id, day, model_version, industry, team_id, brand, find,"
                + " engage, relationships, score) select member_id, $1, model_version, industry, team_id, brand, find,"
                + " engage, relationships, score from (select distinct on (member_id) * from scoring.daily_score"
                + " where day < $1 order by member_id, day desc) latest on conflict (member_id, day) do nothing";
        return pool.preparedQuery(sql).execute(Tuple.of(day)).map(rows -> rows.rowCount());
    }

    /** History is kept for two years. */
    private Uni<Integer> expire(LocalDate day) {
        return pool.preparedQuery("delete from scoring.daily_score where day < $1")
                .execute(Tuple.of(day.minusDays(HISTORY_DAYS)))
                .map(rows -> rows.rowCount());
    }
}
