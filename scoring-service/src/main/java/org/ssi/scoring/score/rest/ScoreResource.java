package org.ssi.scoring.score.rest;

import io.quarkus.security.Authenticated;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.time.Instant;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.ssi.problem.Problem;
import org.ssi.problem.Problem.FieldError;
import org.ssi.problem.ProblemException;
import org.ssi.problem.ProblemType;
import org.ssi.rules.DayRange;
import org.ssi.scoring.score.repository.ScoreFeedRepository;
import org.ssi.scoring.score.repository.ScoreFeedRepository.ScoreChange;
import org.ssi.scoring.score.service.ExplanationService;
import org.ssi.scoring.score.service.ScoreView;
import org.ssi.scoring.score.service.ScoringService;

/** Scores for the gateway, and the score change feed for ranking-service. */
@Path("/internal")
@Produces(MediaType.APPLICATION_JSON)
public class ScoreResource {

    static final int MAX_LIMIT = 1000;
    private static final java.util.regex.Pattern ID = java.util.regex.Pattern.compile("[A-Za-z0-9._-]{1,64}");

    /**
     * A page of the score feed; {@code next} is the cursor to ask with next time. {@code last} is the feed's newest
     * position and {@code firstChangedAt} when the page's first change was made (null for an empty page): what the
     * reader measures its lag by.
     */
    public record ScoreChangePage(List<ScoreChange> changes, long next, long last, Instant firstChangedAt) {}

    private final ScoringService scoring;
    private final ScoreFeedRepository feed;
    private final ExplanationService explanations;

    public ScoreResource(ScoringService scoring, ScoreFeedRepository feed, ExplanationService explanations) {
        this.scoring = scoring;
        this.feed = feed;
        this.explanations = explanations;
    }

    @GET
    @Path("/scores/{memberId}")
    @Authenticated
    @Operation(operationId = "getScore", summary = "A member's latest score and its change over 7 days")
    public Uni<ScoreView> score(@PathParam("memberId") String memberId) {
        if (!ID.matcher(memberId).matches()) {
            throw new ProblemException(ProblemType.NOT_FOUND, "No member " + memberId);
        }
        return scoring.current(memberId);
    }

    @GET
    @Path("/scores/{memberId}/history")
    @Authenticated
    @Operation(operationId = "getScoreHistory", summary = "A member's daily scores, oldest first (up to two years)")
    public Uni<List<ScoringService.HistoryPoint>> history(
            @PathParam("memberId") String memberId, @QueryParam("from") String from, @QueryParam("to") String to) {
        if (!ID.matcher(memberId).matches()) {
            throw new ProblemException(ProblemType.NOT_FOUND, "No member " + memberId);
        }
        DayRange range = DayRange.parse(from, to);
        return scoring.history(memberId, range.from(), range.to());
    }

    @GET
    @Path("/scores/{memberId}/explanation")
    @Authenticated
    @Operation(
            operationId = "getScoreExplanation",
            summary = "Per pillar and sub-metric: raw value, points earned, points available; the best next actions")
    public Uni<ExplanationService.MemberExplanation> explanation(@PathParam("memberId") String memberId) {
        if (!ID.matcher(memberId).matches()) {
            throw new ProblemException(ProblemType.NOT_FOUND, "No member " + memberId);
        }
        return explanations.explain(memberId);
    }

    @GET
    @Path("/score-changes")
    @RolesAllowed({"service", "admin"})
    @Operation(operationId = "getScoreChanges", summary = "Score changes after the cursor, in order")
    public Uni<ScoreChangePage> changes(
            @QueryParam("after") @DefaultValue("0") long after, @QueryParam("limit") @DefaultValue("500") int limit) {
        if (after < 0 || limit < 1 || limit > MAX_LIMIT) {
            throw new ProblemException(Problem.invalid(
                    "after must be >= 0 and limit from 1 to " + MAX_LIMIT,
                    List.of(new FieldError("/limit", "out of range"))));
        }
        return feed.after(after, limit).chain(changes -> page(after, changes));
    }

    private Uni<ScoreChangePage> page(long after, List<ScoreChange> changes) {
        long next = changes.isEmpty() ? after : changes.get(changes.size() - 1).seq();
        Uni<Instant> firstChangedAt = changes.isEmpty()
                ? Uni.createFrom().nullItem()
                : feed.changedAt(changes.get(0).seq());
        return firstChangedAt.chain(changedAt ->
                feed.last().map(last -> new ScoreChangePage(changes, next, Math.max(last, next), changedAt)));
    }
}
