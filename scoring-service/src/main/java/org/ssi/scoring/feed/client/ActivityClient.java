package org.ssi.scoring.feed.client;

import io.quarkus.oidc.client.filter.OidcClientFilter;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.QueryParam;
import java.time.Instant;
import java.util.List;
import org.eclipse.microprofile.rest.client.inject.RegisterRestClient;
import org.ssi.scoring.model.MemberInputs;

/** activity-service's change feed and member inputs, called with this service's own token. */
@RegisterRestClient(configKey = "activity")
@OidcClientFilter
@Path("/internal")
public interface ActivityClient {

    /**
     * One entry of the activity change feed; {@code traceparent} is the W3C trace context of the request that made
     * it (null when untraced, or from an activity-service that does not say).
     */
    record Change(long seq, String memberId, String reason, String traceparent) {}

    /**
     * A page of the feed and the cursor to ask with next; the feed's newest position and when the page's first change
     * was made (null for an empty page, or from an activity-service that does not say).
     */
    record ChangePage(List<Change> changes, long next, long last, Instant firstChangedAt) {}

    @GET
    @Path("/changes")
    Uni<ChangePage> changes(@QueryParam("after") long after, @QueryParam("limit") int limit);

    /** Members whose window changed on a day. */
    record WindowChanges(String day, List<String> memberIds) {}

    @GET
    @Path("/members/window-changes")
    Uni<WindowChanges> windowChanges(@QueryParam("day") String day);

    /** Asks for the inputs of up to {@value ActivityInputs#MAX_MEMBERS} members for a day. */
    record InputsRequest(String day, List<String> members) {}

    /** The inputs of each known member, in member id order, and the members activity-service does not know. */
    record InputsBatch(String day, List<MemberInputs> inputs, List<String> unknown) {}

    @POST
    @Path("/member-inputs")
    Uni<InputsBatch> inputs(InputsRequest request);

    @GET
    @Path("/members/{memberId}/inputs")
    Uni<MemberInputs> inputs(@PathParam("memberId") String memberId, @QueryParam("day") String day);
}
