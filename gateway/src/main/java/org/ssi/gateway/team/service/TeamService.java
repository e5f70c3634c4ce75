package org.ssi.gateway.team.service;

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
import org.eclipse.microprofile.jwt.JsonWebToken;
import org.eclipse.microprofile.rest.client.inject.RestClient;
import org.jboss.logging.Logger;
import org.ssi.gateway.caller.CallerDirectory;
import org.ssi.gateway.client.ActivityClient;
import org.ssi.gateway.client.GroupFigures;
import org.ssi.gateway.client.GroupRelease;
import org.ssi.gateway.client.RankingClient;
import org.ssi.gateway.client.Team;
import org.ssi.gateway.release.service.Releases;
import org.ssi.gateway.team.rest.TeamDay;
import org.ssi.gateway.team.rest.TeamFigures;
import org.ssi.gateway.upstream.Service;
import org.ssi.gateway.upstream.Upstream;
import org.ssi.problem.ProblemException;
import org.ssi.problem.ProblemType;

/** Team views: which teams a caller may see, and a team's figures under the group privacy rule. */
@ApplicationScoped
public class TeamService {

    static final String ADMIN = "admin";
    private static final int DEFAULT_HISTORY_DAYS = 90;
    private static final Logger AUDIT = Logger.getLogger("ssi.audit");

    private final Upstream upstream;
    private final ActivityClient activity;
    private final RankingClient ranking;
    private final CallerDirectory callers;
    private final SecurityIdentity identity;
    private final Releases releases;

    public TeamService(
            Upstream upstream,
            @RestClient ActivityClient activity,
            @RestClient RankingClient ranking,
            CallerDirectory callers,
            SecurityIdentity identity,
            Releases releases) {
        this.upstream = upstream;
        this.activity = activity;
        this.ranking = ranking;
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
        return upstream.call(Service.ACTIVITY, token.getRawToken(), activity::teams)
                .map(TeamService::toTree);
    }

    private static TeamTree toTree(List<Team> teams) {
        List<TeamTree.Team> all = new ArrayList<>();
        for (Team team : teams) {
            List<String> managers = team.managers() == null ? List.of() : team.managers();
            all.add(new TeamTree.Team(team.teamId(), team.name(), team.parentTeamId(), managers));
        }
        return new TeamTree(all);
    }

    /**
     * The team's figures, or the 403 of the privacy rules; 404 for a team the caller may not know. A manager sees the
     * latest release, an admin the exact figures of the moment (audited).
     */
    public Uni<TeamFigures> figures(JsonWebToken token, String teamId) {
        return view(token).chain(view -> figures(token, view, teamId));
    }

    private Uni<TeamFigures> figures(JsonWebToken token, View view, String teamId) {
        requireViewable(view, teamId);
        if (view.admin()) {
            audit(token, "figures", teamId);
            return aggregate(token, view.tree().subtree(teamId)).map(figures -> exact(teamId, figures));
        }
        return releases.latest(RankingClient.TEAMS, view.tree().subtree(teamId), token.getRawToken())
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
    public record TeamHistory(LocalDate from, LocalDate to, List<TeamDay> points) {}

    private Uni<TeamHistory> history(JsonWebToken token, View view, String teamId, String from, String to) {
        requireViewable(view, teamId);
        LocalDate end = to == null ? LocalDate.now(ZoneOffset.UTC) : LocalDate.parse(to);
        LocalDate start = from == null ? end.minusDays(DEFAULT_HISTORY_DAYS - 1L) : LocalDate.parse(from);
        if (view.admin()) {
            audit(token, "history", teamId);
        }
        return releases.history(RankingClient.TEAMS, view.tree().subtree(teamId), start, end, token.getRawToken())
                .map(rows -> days(teamId, start, end, rows, view.admin()));
    }

    private static TeamHistory days(
            String teamId, LocalDate from, LocalDate to, List<GroupRelease> rows, boolean admin) {
        Map<String, Map<String, GroupRelease>> byDay = new HashMap<>();
        rows.forEach(
                row -> byDay.computeIfAbsent(row.day(), day -> new HashMap<>()).put(row.code(), row));
        List<TeamDay> points = new ArrayList<>();
        for (LocalDate day = from; !day.isAfter(to); day = day.plusDays(1)) {
            Map<String, GroupRelease> teams = byDay.getOrDefault(day.toString(), Map.of());
            points.add(day(teamId, day.toString(), teams, admin));
        }
        return new TeamHistory(from, to, points);
    }

    private static TeamDay day(String teamId, String day, Map<String, GroupRelease> teams, boolean admin) {
        try {
            GroupFigures figures = admin ? exactFigures(teamId, teams) : releasedFigures(teamId, teams);
            return TeamDay.shown(day, teams.get(teamId).releaseId(), figures);
        } catch (ProblemException refused) {
            return TeamDay.withheld(day, refused.problem().type().substring("urn:ssi:problem:".length()));
        } catch (NoRelease none) {
            return TeamDay.withheld(day, "no-release");
        }
    }

    /** No release of that day holds the team. */
    private static final class NoRelease extends RuntimeException {
        NoRelease() {
            super(null, null, false, false);
        }
    }

    private static GroupFigures exactFigures(String teamId, Map<String, GroupRelease> teams) {
        GroupRelease team = teams.get(teamId);
        if (team == null) {
            throw new NoRelease();
        }
        GroupPrivacy.check(team.exact());
        return team.exact();
    }

    /** The released figures once the rules allow them: too-small first, then the atoms of the hierarchy. */
    private static GroupFigures releasedFigures(String teamId, Map<String, GroupRelease> teams) {
        GroupRelease team = teams.get(teamId);
        if (team == null) {
            throw new NoRelease();
        }
        GroupPrivacy.check(team.released());
        List<Long> atoms = new ArrayList<>();
        teams.values().forEach(inside -> atoms.add(inside.directCount() == null ? 0L : inside.directCount()));
        GroupPrivacy.checkAtoms(atoms);
        return team.released();
    }

    private static TeamFigures released(String teamId, List<GroupRelease> releases) {
        Map<String, GroupRelease> teams = new HashMap<>();
        releases.forEach(row -> teams.put(row.code(), row));
        GroupFigures figures;
        try {
            figures = releasedFigures(teamId, teams);
        } catch (NoRelease none) {
            throw GroupPrivacy.tooSmall();
        }
        GroupRelease team = teams.get(teamId);
        return TeamFigures.of(teamId, team.day(), team.releaseId(), figures);
    }

    private static TeamFigures exact(String teamId, GroupFigures figures) {
        GroupPrivacy.check(figures);
        return TeamFigures.of(teamId, LocalDate.now(ZoneOffset.UTC).toString(), null, figures);
    }

    private static void requireViewable(View view, String teamId) {
        if (!view.viewable().contains(teamId)) {
            throw new ProblemException(ProblemType.NOT_FOUND, "No team " + teamId + " that you may view");
        }
    }

    private void audit(JsonWebToken token, String what, String teamId) {
        AUDIT.infof("admin %s read the %s of team %s", identity.getPrincipal().getName(), what, teamId);
    }

    private Uni<GroupFigures> aggregate(JsonWebToken token, Collection<String> teams) {
        return upstream.call(Service.RANKING, token.getRawToken(), call -> ranking.teamAggregate(teams, call));
    }
}
