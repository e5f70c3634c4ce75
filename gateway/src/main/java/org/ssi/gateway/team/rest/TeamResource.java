package org.ssi.gateway.team.rest;

import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Pattern;
import org.eclipse.microprofile.jwt.JsonWebToken;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.rest.client.inject.RestClient;
import org.ssi.gateway.client.ActivityClient;
import org.ssi.gateway.client.Pillars;
import org.ssi.gateway.team.service.TeamService;
import org.ssi.gateway.team.service.TeamTree;
import org.ssi.gateway.upstream.Service;
import org.ssi.gateway.upstream.Upstream;
import org.ssi.problem.ProblemException;
import org.ssi.problem.ProblemType;
import org.ssi.rules.DayRange;

/**
 * Team figures for managers (their teams and sub-teams) and admins; never an individual's score or identity.
 *
 * <p>Contract: {@code api/openapi.yaml}, operations {@code putTeam}, {@code listMyTeams}, {@code getTeamSsi}, {@code getTeamSsiHistory}, {@code exportTeamSsi}.
 */
@Path("/api/v1/teams")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed({"manager", "admin"})
@SecurityRequirement(name = "oidc")
public class TeamResource {

    private static final Pattern ID = Pattern.compile("[A-Za-z0-9._-]{1,64}");

    private final JsonWebToken token;
    private final TeamService teams;
    private final Upstream upstream;
    private final ActivityClient activity;

    public TeamResource(JsonWebToken token, TeamService teams, Upstream upstream, @RestClient ActivityClient activity) {
        this.token = token;
        this.teams = teams;
        this.upstream = upstream;
        this.activity = activity;
    }

    /** Directory writes live here too: JAX-RS picks the resource class by its path before the method. */
    @PUT
    @Path("/{teamId}")
    @RolesAllowed({"admin", "ingest"})
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(operationId = "putTeam", summary = "Creates (201) or replaces (200) a team")
    public Uni<Response> put(@PathParam("teamId") String teamId, byte[] body) {
        requireId(teamId);
        return upstream.forward(
                Service.ACTIVITY, token.getRawToken(), body, (json, call) -> activity.putTeam(teamId, json, call));
    }

    /** A team the caller may view. */
    public record TeamSummary(String teamId, String name, String parentTeamId) {}

    @GET
    @Operation(operationId = "listMyTeams", summary = "The teams you may view")
    public Uni<List<TeamSummary>> list() {
        return teams.view(token)
                .map(view -> view.viewable().stream()
                        .map(view.tree()::team)
                        .map(TeamResource::summary)
                        .toList());
    }

    @GET
    @Path("/{teamId}/ssi")
    @Operation(
            operationId = "getTeamSsi",
            summary = "A team's figures with its sub-teams: size, average, median, pillars, distribution",
            description = "403 urn:ssi:problem:group-too-small under 10 scored members; 403"
                    + " urn:ssi:problem:group-difference-too-small when a team you can view differs by 1 to 9.")
    public Uni<TeamFigures> figures(@PathParam("teamId") String teamId) {
        requireId(teamId);
        return teams.figures(token, teamId);
    }

    @GET
    @Path("/{teamId}/ssi/history")
    @Operation(
            operationId = "getTeamSsiHistory",
            summary = "A team's figures day by day (default: the last 90 days); a day that may not be shown carries"
                    + " only the reason it is withheld")
    public Uni<List<TeamDay>> history(
            @PathParam("teamId") String teamId, @QueryParam("from") String from, @QueryParam("to") String to) {
        requireId(teamId);
        DayRange.check(from, to);
        return teams.history(token, teamId, from, to).map(TeamService.TeamHistory::points);
    }

    @GET
    @Path("/{teamId}/ssi/export")
    @Produces("text/csv")
    @Operation(operationId = "exportTeamSsi", summary = "The team's daily figures as CSV, one row per day of the range")
    public Uni<Response> export(
            @PathParam("teamId") String teamId, @QueryParam("from") String from, @QueryParam("to") String to) {
        requireId(teamId);
        DayRange.check(from, to);
        return teams.history(token, teamId, from, to)
                .map(history -> Response.ok(csv(history.points()))
                        .type("text/csv")
                        .header("Content-Disposition", "attachment; filename=\"team-" + teamId + "-ssi.csv\"")
                        .build());
    }

    public static String csv(List<TeamDay> points) {
        StringBuilder csv = new StringBuilder("day,size,average,median,brand,find,engage,relationships\n");
        for (TeamDay point : points) {
            csv.append(point.day());
            if (point.size() != null) {
                Pillars pillars = point.pillars();
                csv.append(',').append(point.size());
                csv.append(',').append(point.average());
                csv.append(',').append(point.median());
                for (Double pillar :
                        Arrays.asList(pillars.brand(), pillars.find(), pillars.engage(), pillars.relationships())) {
                    csv.append(',').append(pillar);
                }
            } else {
                csv.append(",,,,,,,");
            }
            csv.append('\n');
        }
        return csv.toString();
    }

    private static void requireId(String teamId) {
        if (!ID.matcher(teamId).matches()) {
            throw new ProblemException(ProblemType.NOT_FOUND, "No team " + teamId);
        }
    }

    private static TeamSummary summary(TeamTree.Team team) {
        return new TeamSummary(team.teamId(), team.name(), team.parentTeamId());
    }
}
