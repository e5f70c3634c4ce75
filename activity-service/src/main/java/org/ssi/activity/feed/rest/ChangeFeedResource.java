package org.ssi.activity.feed.rest;

import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.time.Instant;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.ssi.activity.feed.repository.ChangeFeedRepository;
import org.ssi.activity.feed.repository.ChangeFeedRepository.Change;
import org.ssi.problem.Problem;
import org.ssi.problem.Problem.FieldError;
import org.ssi.problem.ProblemException;

/** The activity change feed, read by scoring-service with a cursor it persists. */
@Path("/internal/changes")
@Produces(MediaType.APPLICATION_JSON)
public class ChangeFeedResource {

    static final int MAX_LIMIT = 1000;

    /**
     * A page of the feed; {@code next} is the cursor to ask with next time. {@code last} is the feed's newest
     * position and {@code firstChangedAt} when the page's first change was made (null for an empty page): what the
     * reader measures its lag by.
     */
    public record ChangePage(List<Change> changes, long next, long last, Instant firstChangedAt) {}

    private final ChangeFeedRepository feed;

    public ChangeFeedResource(ChangeFeedRepository feed) {
        this.feed = feed;
    }

    @GET
    @RolesAllowed({"service", "admin"})
    @Operation(operationId = "getActivityChanges", summary = "Members whose inputs changed after the cursor")
    public Uni<ChangePage> changes(
            @QueryParam("after") @DefaultValue("0") long after, @QueryParam("limit") @DefaultValue("500") int limit) {
        if (after < 0 || limit < 1 || limit > MAX_LIMIT) {
            throw new ProblemException(Problem.invalid(
                    "after must be >= 0 and limit from 1 to " + MAX_LIMIT,
                    List.of(new FieldError("/limit", "out of range"))));
        }
        return feed.after(after, limit).chain(changes -> page(after, changes));
    }

    private Uni<ChangePage> page(long after, List<Change> changes) {
        long next = changes.isEmpty() ? after : changes.get(changes.size() - 1).seq();
        Uni<Instant> firstChangedAt = changes.isEmpty()
                ? Uni.createFrom().nullItem()
                : feed.changedAt(changes.get(0).seq());
        return firstChangedAt.chain(changedAt ->
                feed.last().map(last -> new ChangePage(changes, next, Math.max(last, next), changedAt)));
    }
}
