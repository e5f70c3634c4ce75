package org.ssi.ranking.feed.client;

import io.quarkus.oidc.client.filter.OidcClientFilter;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.QueryParam;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import org.eclipse.microprofile.rest.client.inject.RegisterRestClient;

/** scoring-service's score change feed, read with this service's own token. */
@RegisterRestClient(configKey = "scoring")
@OidcClientFilter
@Path("/internal/score-changes")
public interface ScoreFeedClient {

    /**
     * One entry: the member's score for the day changed to {@code score}; {@code traceparent} is the W3C trace context
     * of the span that made the change (null when untraced, or from a scoring-service that does not say).
     */
    record ScoreChange(
            long seq,
            String memberId,
            String industry,
            String teamId,
            LocalDate day,
            BigDecimal score,
            BigDecimal brand,
            BigDecimal find,
            BigDecimal engage,
            BigDecimal relationships,
            String traceparent) {}

    /**
     * A page of the feed and the cursor to ask with next; the feed's newest position and when the page's first change
     * was made (null for an empty page, or from a scoring-service that does not say).
     */
    record ScoreChangePage(List<ScoreChange> changes, long next, long last, Instant firstChangedAt) {}

    @GET
    Uni<ScoreChangePage> changes(@QueryParam("after") long after, @QueryParam("limit") int limit);
}
