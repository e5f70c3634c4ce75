package org.ssi.gateway.team.service;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.eclipse.microprofile.jwt.JsonWebToken;
import org.jboss.logging.Logger;
import org.ssi.gateway.caller.CallerDirectory;
import org.ssi.gateway.release.service.Releases;
import org.ssi.gateway.upstream.ServicesConfig;
import org.ssi.gateway.upstream.Upstream;
import org.ssi.problem.ProblemException;
import org.ssi.problem.ProblemType;

/** Team views: which teams a caller may see, and a team's figures under the group privacy rule. */
@ApplicationScoped
public class TeamService {

    static final String ADMIN = "admin";
    private static final String TEAMS = "teams";
    private static final int DEFAULT_HISTORY_DAYS = 90;
    private static final Logger AUDIT = Logger.getLogger("ssi.audit");

    private final Upstream upstream;
    private final ServicesConfig services;
    private final CallerDirectory callers;
    private final SecurityIdentity identity;
    private final Releases releases;

    public TeamService(
            Upstream upstream,
            ServicesConfig services,
            CallerDirectory callers,
            SecurityIdentity identity,
            Releases releases) {
        this.upstream = upstream;
        this.services = services;
        this.callers = callers;
        this.identity = identity;
        this.releases = releases;
    }

    /** The tree and what the caller may view in it. */
    public record View(TeamTree tree, Set<String> viewable, boolean admin) {}

    /** Roles come from the security identity (realm_access.roles), not from the token's groups claim. */
    public Uni<View> view(JsonWebToken token) {
        boolean admin = identity.hasRole(ADMIN);
        Uni<String> member = admin ? Uni.createFrom().nullItem() : callers.memberId(token);
        return member.chain(memberId ->
                tree(token).map(tree -> new View(tree, tree.viewableBy(memberId, admin), admin)));
    }

    private Uni<TeamTree> tree(JsonWebToken token) {
        return upstream.getJson(services.activity(), "/internal/teams", token.getRawToken())
                .map(TeamService::toTree);
    }

    private static TeamTree toTree(JsonNode teams) {
        List<TeamTree.Team> all = new ArrayList<>();
        for (JsonNode team : teams) {
            List<String> managers = new ArrayList<>();
            team.get("managers").forEach(manager -> managers.add(manager.asText()));
            all.add(new TeamTree.Team(
                    team.get("teamId").asText(),
                    team.get("name").asText(),
                    team.hasNonNull("parentTeamId") ? team.get("parentTeamId").asText() : null,
                    managers));
        }
        return new TeamTree(all);
    }

    /**
     * The team's figures, or the 403 of the privacy rules; 404 for a team the caller may not know. A manager sees the
     * latest release, an admin the exact figures of the moment (audited).
     */
    public Uni<JsonNode> figures(JsonWebToken token, String teamId) {
        return view(token).chain(view -> figures(token, view, teamId));
    }

    private Uni<JsonNode> figures(JsonWebToken token, View view, String teamId) {
        requireViewable(view, teamId);
        if (view.admin()) {
            audit(token, "figures", teamId);
            return aggregate(token, view.tree().subtree(teamId)).map(figures -> exact(teamId, figures));
        }
        return releases.latest(TEAMS, view.tree().subtree(teamId), token.getRawToken())
                .map(teams -> released(teamId, teams));
    }

    /**
     * The team's figures day by day from the releases (the last release of each day), each day under the privacy
     * rules as they stood in it; a day that may not be shown carries only its reason.
     */
    public Uni<TeamHistory> history(JsonWebToken token, String teamId, String from, String to) {
        return view(token).chain(view -> history(token, view, teamId, from, to));
    }

    /** The range and one point per day of it. */
    public record TeamHistory(LocalDate from, LocalDate to, List<JsonNode> points) {}

    private Uni<TeamHistory> history(JsonWebToken token, View view, String teamId, String from, String to) {
        requireViewable(view, teamId);
        LocalDate end = to == null ? LocalDate.now(ZoneOffset.UTC) : LocalDate.parse(to);
        LocalDate start = from == null ? end.minusDays(DEFAULT_HISTORY_DAYS - 1L) : LocalDate.parse(from);
        if (view.admin()) {
            audit(token, "history", teamId);
        }
        return releases.history(TEAMS, view.tree().subtree(teamId), start, end, token.getRawToken())
                .map(rows -> days(teamId, start, end, rows, view.admin()));
    }

    private static TeamHistory days(String teamId, LocalDate from, LocalDate to, JsonNode rows, boolean admin) {
        Map<String, Map<String, JsonNode>> byDay = new HashMap<>();
        rows.forEach(row -> byDay.computeIfAbsent(row.get("day").asText(), day -> new HashMap<>())
                .put(row.get("code").asText(), row));
        List<JsonNode> points = new ArrayList<>();
        for (LocalDate day = from; !day.isAfter(to); day = day.plusDays(1)) {
            ObjectNode point = JsonNodeFactory.instance.objectNode();
            point.put("day", day.toString());
            Map<String, JsonNode> teams = byDay.getOrDefault(day.toString(), Map.of());
            try {
                JsonNode figures = admin ? exactFigures(teamId, teams) : releasedFigures(teamId, teams);
                point.put("releaseId", teams.get(teamId).get("releaseId").asLong());
                GroupPrivacy.copyFigures(figures, point);
            } catch (ProblemException refused) {
                point.put("withheld", refused.problem().type().substring("urn:ssi:problem:".length()));
            } catch (NoRelease none) {
                point.put("withheld", "no-release");
            }
            points.add(point);
        }
        return new TeamHistory(from, to, points);
    }

    /** No release of that day holds the team. */
    private static final class NoRelease extends RuntimeException {
        NoRelease() {
            super(null, null, false, false);
        }
    }

    private static JsonNode exactFigures(String teamId, Map<String, JsonNode> teams) {
        JsonNode team = teams.get(teamId);
        if (team == null) {
            throw new NoRelease();
        }
        GroupPrivacy.check(team.get("exact"));
        return team.get("exact");
    }

    /** The released figures once the rules allow them: too-small first, then the atoms of the hierarchy. */
    private static JsonNode releasedFigures(String teamId, Map<String, JsonNode> teams) {
        JsonNode team = teams.get(teamId);
        if (team == null) {
            throw new NoRelease();
        }
        GroupPrivacy.check(team.get("released"));
        List<Long> atoms = new ArrayList<>();
        teams.values().forEach(inside -> atoms.add(inside.path("directCount").asLong()));
        GroupPrivacy.checkAtoms(atoms);
        return team.get("released");
    }

    private static JsonNode released(String teamId, JsonNode releases) {
        Map<String, JsonNode> teams = new HashMap<>();
        releases.forEach(row -> teams.put(row.get("code").asText(), row));
        JsonNode figures;
        try {
            figures = releasedFigures(teamId, teams);
        } catch (NoRelease none) {
            throw GroupPrivacy.tooSmall();
        }
        ObjectNode answer = JsonNodeFactory.instance.objectNode();
        answer.put("teamId", teamId);
        answer.set("day", teams.get(teamId).get("day"));
        answer.set("releaseId", teams.get(teamId).get("releaseId"));
        GroupPrivacy.copyFigures(figures, answer);
        return answer;
    }

    private static JsonNode exact(String teamId, JsonNode figures) {
        GroupPrivacy.check(figures);
        ObjectNode answer = JsonNodeFactory.instance.objectNode();
        answer.put("teamId", teamId);
        answer.put("day", LocalDate.now(ZoneOffset.UTC).toString());
        GroupPrivacy.copyFigures(figures, answer);
        return answer;
    }

    private static void requireViewable(View view, String teamId) {
        if (!view.viewable().contains(teamId)) {
            throw new ProblemException(ProblemType.NOT_FOUND, "No team " + teamId + " that you may view");
        }
    }

    private void audit(JsonWebToken token, String what, String teamId) {
        AUDIT.infof("admin %s read the %s of team %s", identity.getPrincipal().getName(), what, teamId);
    }

    private Uni<JsonNode> aggregate(JsonWebToken token, Collection<String> teams) {
        return upstream.getJson(
                services.ranking(), "/internal/team-aggregate?" + teamQuery(teams), token.getRawToken());
    }

    /** The teams as repeated {@code team=} query parameters, the way the services take a group of teams. */
    private static String teamQuery(Collection<String> teams) {
        return teams.stream().map(id -> "team=" + Upstream.segment(id)).collect(Collectors.joining("&"));
    }
}
