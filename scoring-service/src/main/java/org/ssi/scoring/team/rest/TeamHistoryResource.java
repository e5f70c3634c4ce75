package org.ssi.scoring.team.rest;

import io.quarkus.security.Authenticated;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.util.List;
import java.util.regex.Pattern;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.ssi.problem.Problem;
import org.ssi.problem.Problem.FieldError;
import org.ssi.problem.ProblemException;
import org.ssi.scoring.score.rest.DayRange;
import org.ssi.scoring.team.repository.TeamHistoryRepository;
import org.ssi.scoring.team.repository.TeamHistoryRepository.TeamDay;

/** Day-by-day figures of a group of teams, for the gateway, which applies the privacy rules per day. */
@Path("/internal/team-history")
@Produces(MediaType.APPLICATION_JSON)
@Authenticated
public class TeamHistoryResource {

    private static final Pattern ID = Pattern.compile("[A-Za-z0-9._-]{1,64}");
    private static final int MAX_TEAMS = 10_000;

    private final TeamHistoryRepository history;

    public TeamHistoryResource(TeamHistoryRepository history) {
        this.history = history;
    }

    /** The range asked for (defaults applied) and one entry per day of it that has scores. */
    public record TeamHistory(java.time.LocalDate from, java.time.LocalDate to, List<TeamDay> days) {}

    @GET
    @Operation(
            operationId = "getTeamHistory",
            summary = "Figures of the given teams together, one entry per scored day")
    public Uni<TeamHistory> history(
            @QueryParam("team") List<String> teamIds, @QueryParam("from") String from, @QueryParam("to") String to) {
        if (teamIds == null
                || teamIds.isEmpty()
                || teamIds.size() > MAX_TEAMS
                || !teamIds.stream().allMatch(id -> ID.matcher(id).matches())) {
            throw new ProblemException(Problem.invalid(
                    "team: 1 to " + MAX_TEAMS + " team ids", List.of(new FieldError("/team", "invalid team ids"))));
        }
        DayRange range = DayRange.parse(from, to);
        return history.history(teamIds, range.from(), range.to())
                .map(days -> new TeamHistory(range.from(), range.to(), days));
    }
}
