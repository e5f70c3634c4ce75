package org.ssi.activity.team.service;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.SqlConnection;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.List;
import org.ssi.activity.audit.service.Caller;
import org.ssi.activity.audit.service.DirectoryAudit;
import org.ssi.activity.binding.Bound;
import org.ssi.activity.member.service.MemberService;
import org.ssi.activity.member.service.StorableText;
import org.ssi.activity.team.repository.TeamRepository;
import org.ssi.activity.team.rest.TeamRequest;
import org.ssi.problem.Problem;
import org.ssi.problem.Problem.FieldError;
import org.ssi.problem.ProblemException;

/** Creates and replaces teams, keeping the hierarchy a tree; every write is audited once committed. */
@ApplicationScoped
public class TeamService {

    public static final String NAME_RULE =
            "is required: a string of 1 to 200 characters, without NUL or unpaired surrogates";
    private static final int MAX_NAME_LENGTH = 200;

    /** The stored team, and whether this request created it. */
    public record Saved(Team team, boolean created) {}

    private final Pool pool;
    private final TeamRepository teams;
    private final DirectoryAudit audit;

    public TeamService(Pool pool, TeamRepository teams, DirectoryAudit audit) {
        this.pool = pool;
        this.teams = teams;
        this.audit = audit;
    }

    public Uni<Saved> put(String teamId, Bound<TeamRequest> body, Caller caller) {
        Team team = parse(teamId, body);
        return pool.withTransaction(connection -> save(connection, team))
                .invoke(saved -> audit.teamWritten(caller, teamId, saved.created()));
    }

    private Uni<Saved> save(SqlConnection connection, Team team) {
        return checkParent(connection, team)
                .chain(() -> teams.existingMembers(connection, team.managers()))
                .invoke(existing -> checkManagers(team, existing))
                .chain(() -> teams.upsert(connection, team))
                .map(created -> new Saved(team, created));
    }

    /** Fails with a 422 problem when the team's parent does not exist or would make the team its own ancestor. */
    public Uni<Void> checkParent(SqlClient client, Team team) {
        if (team.parentTeamId() == null) {
            return Uni.createFrom().voidItem();
        }
        return teams.ancestry(client, team.parentTeamId())
                .invoke(ancestry -> checkParent(team, ancestry))
                .replaceWithVoid();
    }

    private static void checkParent(Team team, List<String> ancestry) {
        if (ancestry.isEmpty()) {
            throw invalid("/parentTeamId", "no team " + team.parentTeamId());
        }
        if (ancestry.contains(team.teamId())) {
            throw invalid("/parentTeamId", "would make the team its own ancestor");
        }
    }

    private static void checkManagers(Team team, List<String> existing) {
        List<FieldError> errors = new ArrayList<>();
        for (int i = 0; i < team.managers().size(); i++) {
            if (!existing.contains(team.managers().get(i))) {
                errors.add(new FieldError("/managers/" + i, "is not a member of the directory"));
            }
        }
        if (!errors.isEmpty()) {
            throw new ProblemException(Problem.invalid("The team names unknown managers; nothing was stored", errors));
        }
    }

    private static ProblemException invalid(String pointer, String detail) {
        return new ProblemException(
                Problem.invalid("The team is not valid; nothing was stored", List.of(new FieldError(pointer, detail))));
    }

    /**
     * Validates a team as {@code PUT /teams/{teamId}} takes it; the directory import validates each of its team lines
     * with it too. Throws a 422 problem listing every bad value by JSON pointer.
     */
    public static Team parse(String teamId, Bound<TeamRequest> body) {
        TeamRequest team = body.value();
        if (team == null) {
            throw new ProblemException(Problem.invalid("The team is not valid; nothing was stored", body.errors()));
        }
        List<FieldError> errors = new ArrayList<>(body.errors());
        if (team.teamId() != null && !team.teamId().equals(teamId)) {
            errors.add(new FieldError("/teamId", "must equal the team id of the path"));
        }
        String name = team.name();
        if (name != null && (name.isBlank() || name.length() > MAX_NAME_LENGTH || !StorableText.isStorable(name))) {
            errors.add(new FieldError("/name", NAME_RULE));
        }
        String parentId = team.parentTeamId();
        if (parentId != null && !MemberService.ID.matcher(parentId).matches()) {
            errors.add(new FieldError("/parentTeamId", "must be a team id"));
        } else if (parentId != null && parentId.equals(teamId)) {
            errors.add(new FieldError("/parentTeamId", "must be another team"));
        }
        List<String> managers = new ArrayList<>();
        List<String> listed = team.managers() == null ? List.of() : team.managers();
        for (int i = 0; i < listed.size(); i++) {
            String manager = listed.get(i);
            if (manager != null && !MemberService.ID.matcher(manager).matches()) {
                errors.add(new FieldError("/managers/" + i, "must be a member id"));
            } else if (manager != null && !managers.contains(manager)) {
                managers.add(manager);
            }
        }
        if (!errors.isEmpty()) {
            throw new ProblemException(Problem.invalid("The team is not valid; nothing was stored", errors));
        }
        return new Team(teamId, name.strip(), parentId, List.copyOf(managers));
    }
}
