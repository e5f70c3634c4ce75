package org.ssi.ranking.rank.rest;

import io.quarkus.security.Authenticated;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.util.List;
import java.util.regex.Pattern;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.ssi.problem.Problem;
import org.ssi.problem.Problem.FieldError;
import org.ssi.problem.ProblemException;
import org.ssi.problem.ProblemType;
import org.ssi.ranking.rank.service.GroupAggregate;
import org.ssi.ranking.rank.service.RankService;

/**
 * Figures of groups for the gateway, which decides who may see them; groups under ten members carry only their size
 * and the reason they are withheld.
 */
@Path("/internal")
@Produces(MediaType.APPLICATION_JSON)
@Authenticated
public class GroupResource {

    private static final Pattern ID = Pattern.compile("[A-Za-z0-9._-]{1,64}");
    private static final int MAX_TEAMS = 10_000;

    private final RankService ranks;

    public GroupResource(RankService ranks) {
        this.ranks = ranks;
    }

    @GET
    @Path("/team-aggregate")
    @Operation(operationId = "getTeamAggregate", summary = "Figures of the members of the given teams together")
    public GroupAggregate teams(@QueryParam("team") List<String> teamIds) {
        if (teamIds == null
                || teamIds.isEmpty()
                || teamIds.size() > MAX_TEAMS
                || !teamIds.stream().allMatch(id -> ID.matcher(id).matches())) {
            throw new ProblemException(Problem.invalid(
                    "team: 1 to " + MAX_TEAMS + " team ids", List.of(new FieldError("/team", "invalid team ids"))));
        }
        return ranks.teamAggregate(teamIds);
    }

    @GET
    @Path("/industries/{code}/aggregate")
    @Operation(operationId = "getIndustryAggregate", summary = "Figures of an industry's members")
    public GroupAggregate industry(@PathParam("code") String code) {
        if (!code.matches("[a-z0-9-]{2,64}")) {
            throw new ProblemException(ProblemType.NOT_FOUND, "No industry " + code);
        }
        return ranks.industryAggregate(code);
    }
}
