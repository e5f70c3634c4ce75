package org.ssi.scoring.score.service;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.SqlConnection;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.ssi.feed.kafka.FeedTrace;
import org.ssi.problem.ProblemException;
import org.ssi.problem.ProblemType;
import org.ssi.scoring.feed.repository.FeedCursorRepository;
import org.ssi.scoring.model.MemberInputs;
import org.ssi.scoring.model.ModelEngine;
import org.ssi.scoring.model.PillarScores;
import org.ssi.scoring.model.repository.MemberInputsRepository;
import org.ssi.scoring.model.service.ActiveModel;
import org.ssi.scoring.score.repository.DailyScore;
import org.ssi.scoring.score.repository.ScoreFeedRepository;
import org.ssi.scoring.score.repository.ScoreRepository;

/** Scores members and records the scores, the score change feed and the upstream cursor in one transaction. */
@ApplicationScoped
public class ScoringService {

    private final Pool pool;
    private final ActiveModel model;
    private final MemberInputsRepository inputsStore;
    private final ScoreRepository scores;
    private final ScoreFeedRepository feed;
    private final FeedCursorRepository cursors;

    public ScoringService(
            Pool pool,
            ActiveModel model,
            MemberInputsRepository inputsStore,
            ScoreRepository scores,
            ScoreFeedRepository feed,
            FeedCursorRepository cursors) {
        this.pool = pool;
        this.model = model;
        this.inputsStore = inputsStore;
        this.scores = scores;
        this.feed = feed;
        this.cursors = cursors;
    }

    /**
     * Records the day's score of each member and moves the cursor of the feed they came from; a replay of the same
     * inputs changes nothing.
     */
    public Uni<Void> record(List<MemberInputs> inputs, String upstreamFeed, long position) {
        return record(inputs, upstreamFeed, position, FeedTrace.current());
    }

    /**
     * As {@link #record(List, String, long)}, the score feed's entries carrying {@code traceparent}: the span that
     * applied the upstream feed's changes (null when untraced).
     */
    public Uni<Void> record(List<MemberInputs> inputs, String upstreamFeed, long position, String traceparent) {
        return pool.withTransaction(
                connection -> recordAndMove(connection, inputs, upstreamFeed, position, traceparent));
    }

    private Uni<Void> recordAndMove(
            SqlConnection connection,
            List<MemberInputs> inputs,
            String upstreamFeed,
            long position,
            String traceparent) {
        return recordAll(connection, inputs, traceparent)
                .chain(() -> cursors.moveTo(connection, upstreamFeed, position));
    }

    /** Records the day's scores of the members, outside any feed. */
    public Uni<Void> record(List<MemberInputs> inputs) {
        return recordTraced(inputs, FeedTrace.current());
    }

    /** As {@link #record(List)}, the score feed's entries carrying {@code traceparent} (null when untraced). */
    public Uni<Void> recordTraced(List<MemberInputs> inputs, String traceparent) {
        return pool.withTransaction(connection -> recordAll(connection, inputs, traceparent));
    }

    /** How far the upstream feed has been recorded. */
    public Uni<Long> position(String upstreamFeed) {
        return cursors.position(upstreamFeed);
    }

    /** Scores with the active model, read in this transaction. */
    private Uni<Void> recordAll(SqlConnection connection, List<MemberInputs> inputs, String traceparent) {
        return model.forTransaction(connection).chain(engine -> recordWith(connection, engine, inputs, traceparent));
    }

    /**
     * Records the day's scores of the members as the engine gives them, in the caller's transaction. Set
     * based, whatever the number of members: the inputs are kept (each member's latest) in one statement, the scores
     * are written in one statement that changes only the rows whose values differ, and those rows, and only those,
     * get a score feed entry in one more. Rows are written in member order, so concurrent writers lock in one order
     * and wait for each other instead of deadlocking; a replay of the same inputs changes nothing.
     */
    public Uni<Void> recordWith(SqlConnection connection, ModelEngine engine, List<MemberInputs> inputs) {
        return recordWith(connection, engine, inputs, FeedTrace.current());
    }

    private Uni<Void> recordWith(
            SqlConnection connection, ModelEngine engine, List<MemberInputs> inputs, String traceparent) {
        List<DailyScore> computed = score(engine, inputs);
        return inputsStore
                .keep(connection, inputs)
                .chain(() -> scores.storeChanged(connection, computed))
                .chain(changed -> feed.append(connection, changed, traceparent));
    }

    /** One score per member and day (the last inputs given for it win), in member and day order. */
    private static List<DailyScore> score(ModelEngine engine, List<MemberInputs> inputs) {
        Map<DailyScore.Key, MemberInputs> latest = new TreeMap<>(BY_MEMBER_AND_DAY);
        inputs.forEach(in -> latest.put(new DailyScore.Key(in.memberId(), in.day()), in));
        int version = engine.model().version();
        List<DailyScore> computed = new ArrayList<>(latest.size());
        latest.values().forEach(in -> computed.add(score(in, engine.score(in), version)));
        return computed;
    }

    private static final Comparator<DailyScore.Key> BY_MEMBER_AND_DAY =
            Comparator.comparing(DailyScore.Key::memberId).thenComparing(DailyScore.Key::day);

    private static DailyScore score(MemberInputs in, PillarScores pillars, int version) {
        return new DailyScore(
                in.memberId(),
                in.day(),
                version,
                in.industry(),
                in.teamId(),
                pillars.brand(),
                pillars.find(),
                pillars.engage(),
                pillars.relationships(),
                pillars.score());
    }

    /** The member's latest score with its change over seven days. */
    public Uni<ScoreView> current(String memberId) {
        return scores.latest(memberId)
                .chain(this::withChange)
                .onItem()
                .ifNull()
                .failWith(() -> new ProblemException(ProblemType.NOT_FOUND, "No score for member " + memberId));
    }

    /** One day of a member's history. */
    public record HistoryPoint(
            java.time.LocalDate day, int modelVersion, java.math.BigDecimal score, ScoreView.Pillars pillars) {}

    public Uni<List<HistoryPoint>> history(String memberId, java.time.LocalDate from, java.time.LocalDate to) {
        return scores.between(memberId, from, to)
                .map(days -> days.stream().map(ScoringService::point).toList());
    }

    private static HistoryPoint point(DailyScore day) {
        return new HistoryPoint(
                day.day(),
                day.modelVersion(),
                day.score(),
                new ScoreView.Pillars(day.brand(), day.find(), day.engage(), day.relationships()));
    }

    private Uni<ScoreView> withChange(DailyScore latest) {
        if (latest == null) {
            return Uni.createFrom().nullItem();
        }
        return scores.onDay(latest.memberId(), latest.day().minusDays(7)).map(before -> view(latest, before));
    }

    private static ScoreView view(DailyScore latest, DailyScore before) {
        return new ScoreView(
                latest.memberId(),
                latest.industry(),
                latest.day(),
                latest.modelVersion(),
                latest.score(),
                new ScoreView.Pillars(latest.brand(), latest.find(), latest.engage(), latest.relationships()),
                before == null ? null : latest.score().subtract(before.score()));
    }
}
