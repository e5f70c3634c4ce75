package org.ssi.activity.team.rest;

import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.ssi.activity.audit.service.Caller;
import org.ssi.activity.binding.Bound;
import org.ssi.activity.member.service.MemberService;
import org.ssi.activity.team.service.TeamService;
import org.ssi.problem.ProblemException;
import org.ssi.problem.ProblemType;

/** The teams of the directory. */
@Path("/api/v1/teams/{teamId}")
@Produces(MediaType.APPLICATION_JSON)
@SecurityRequirement(name = "jwt")
public class TeamResource {

    private final TeamService teams;
    private final SecurityIdentity identity;

    public TeamResource(TeamService teams, SecurityIdentity identity) {
        this.teams = teams;
        this.identity = identity;
    }

    @PUT
    @RolesAllowed({"admin", "ingest"})
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(operationId = "putTeam", summary = "Creates (201) or replaces (200) a team; audited")
    public Uni<Response> put(
            @PathParam("teamId") String teamId,
            @RequestBody(content = @Content(schema = @Schema(implementation = TeamRequest.class)))
                    Bound<TeamRequest> body) {
        if (!MemberService.ID.matcher(teamId).matches()) {
            throw new ProblemException(ProblemType.NOT_FOUND, "No team " + teamId);
        }
        return teams.put(teamId, Bound.orNothing(body, TeamRequest.class), Caller.of(identity))
                .map(TeamResource::saved);
    }

    private static Response saved(TeamService.Saved saved) {
        return Response.status(saved.created() ? Response.Status.CREATED : Response.Status.OK)
                .entity(saved.team())
                .build();
    }
}
