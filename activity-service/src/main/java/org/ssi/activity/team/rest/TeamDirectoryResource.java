package org.ssi.activity.team.rest;

import io.quarkus.security.Authenticated;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.ssi.activity.team.repository.TeamRepository;
import org.ssi.activity.team.service.Team;

/** The team tree for the gateway, which decides from it what each manager may view. */
@Path("/internal/teams")
@Produces(MediaType.APPLICATION_JSON)
@Authenticated
public class TeamDirectoryResource {

    private final Pool pool;
    private final TeamRepository teams;

    public TeamDirectoryResource(Pool pool, TeamRepository teams) {
        this.pool = pool;
        this.teams = teams;
    }

    @GET
    @Operation(operationId = "listTeams", summary = "Every team with its parent and managers")
    public Uni<List<Team>> all() {
        return teams.all(pool);
    }
}
