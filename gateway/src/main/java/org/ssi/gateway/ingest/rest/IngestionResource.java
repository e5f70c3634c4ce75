package org.ssi.gateway.ingest.rest;

import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.regex.Pattern;
import org.eclipse.microprofile.jwt.JsonWebToken;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.rest.client.inject.RestClient;
import org.ssi.gateway.client.ActivityClient;
import org.ssi.gateway.upstream.Service;
import org.ssi.gateway.upstream.Upstream;
import org.ssi.problem.ProblemException;
import org.ssi.problem.ProblemType;

/**
 * Writes into activity-service: activity events and the directory. The gateway checks the role first.
 *
 * <p>Contract: {@code api/openapi.yaml}, operations {@code ingestActivities}, {@code putMember}, {@code getMember}.
 */
@Path("/api/v1")
@Produces(MediaType.APPLICATION_JSON)
@SecurityRequirement(name = "oidc")
public class IngestionResource {

    private static final Pattern ID = Pattern.compile("[A-Za-z0-9._-]{1,64}");

    private final JsonWebToken token;
    private final Upstream upstream;
    private final ActivityClient activity;

    public IngestionResource(JsonWebToken token, Upstream upstream, @RestClient ActivityClient activity) {
        this.token = token;
        this.upstream = upstream;
        this.activity = activity;
    }

    @POST
    @Path("/activities")
    @RolesAllowed({"ingest", "admin"})
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(
            operationId = "ingestActivities",
            summary = "Stores a batch of 1 to 10,000 activity events atomically; retries count as duplicates")
    public Uni<Response> activities(byte[] body) {
        return upstream.forward(Service.ACTIVITY, token.getRawToken(), body, activity::ingestActivities);
    }

    @PUT
    @Path("/members/{memberId}")
    @RolesAllowed({"admin", "ingest"})
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(
            operationId = "putMember",
            summary = "Creates (201) or replaces (200) a directory member",
            description = "The industry must be in the catalogue (GET /admin/industries): an admin's new code is"
                    + " added (audited), anyone else's is a 422 at /industry.")
    public Uni<Response> putMember(@PathParam("memberId") String memberId, byte[] body) {
        String id = id(memberId);
        return upstream.forward(
                Service.ACTIVITY, token.getRawToken(), body, (json, call) -> activity.putMember(id, json, call));
    }

    @GET
    @Path("/members/{memberId}")
    @RolesAllowed("admin")
    @Operation(operationId = "getMember", summary = "A directory member")
    public Uni<Response> getMember(@PathParam("memberId") String memberId) {
        String id = id(memberId);
        return upstream.forward(Service.ACTIVITY, token.getRawToken(), call -> activity.member(id, call));
    }

    static String id(String value) {
        if (!ID.matcher(value).matches()) {
            throw new ProblemException(ProblemType.NOT_FOUND, "Not found");
        }
        return value;
    }
}
