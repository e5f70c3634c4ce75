package org.ssi.gateway.team.service;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.eclipse.microprofile.jwt.JsonWebToken;
import org.ssi.gateway.caller.CallerDirectory;
import org.ssi.gateway.upstream.ServicesConfig;
import org.ssi.gateway.upstream.Upstream;
import org.ssi.problem.ProblemException;
import org.ssi.problem.ProblemType;

/** Team views: which teams a caller may see, and a team's figures under the group privacy rule. */
@ApplicationScoped
public class TeamService {

    static final String ADMIN = "admin";

    private final Upstream upstream;
    private final ServicesConfig services;
    private final CallerDirectory callers;
    private final SecurityIdentity identity;

    public TeamService(Upstream upstream, ServicesConfig services, CallerDirectory callers, SecurityIdentity identity) {
        this.upstream = upstream;
        this.services = services;
        this.callers = callers;
        this.identity = identity;
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

    /** The team's figures, or the 403 of the privacy rule; 404 for a team the caller may not know. */
    public Uni<JsonNode> figures(JsonWebToken token, String teamId) {
        return view(token).chain(view -> figures(token, view, teamId));
    }

    private Uni<JsonNode> figures(JsonWebToken token, View view, String teamId) {
        if (!view.viewable().contains(teamId)) {
            throw new ProblemException(ProblemType.NOT_FOUND, "No team " + teamId + " that you may view");
        }
        Uni<JsonNode> team = aggregate(token, view.tree().subtree(teamId));
        Uni<List<Long>> nested = view.admin()
                ? Uni.createFrom().item(List.of())
                : sizes(token, view.tree(), view.tree().nestedWith(teamId, view.viewable()));
        return Uni.combine().all().unis(team, nested).with((figures, others) -> shown(teamId, figures, others, view));
    }

    /**
     * The team's figures day by day, each day under the privacy rules with the sizes the nested teams had that day;
     * a withheld day carries only its reason.
     */
    public Uni<TeamHistory> history(JsonWebToken token, String teamId, String from, String to) {
        return view(token).chain(view -> history(token, view, teamId, from, to));
    }

    /** The range and one point per day of it (empty figures for days without scores). */
    public record TeamHistory(LocalDate from, LocalDate to, List<JsonNode> points) {}

    private Uni<TeamHistory> history(JsonWebToken token, View view, String teamId, String from, String to) {
        if (!view.viewable().contains(teamId)) {
            throw new ProblemException(ProblemType.NOT_FOUND, "No team " + teamId + " that you may view");
        }
        String range = (from == null ? "" : "&from=" + Upstream.segment(from))
                + (to == null ? "" : "&to=" + Upstream.segment(to));
        Uni<JsonNode> team = teamHistory(token, view.tree().subtree(teamId), range);
        Set<String> nested = view.admin() ? Set.of() : view.tree().nestedWith(teamId, view.viewable());
        Uni<List<JsonNode>> others = nested.isEmpty()
                ? Uni.createFrom().item(List.of())
                : Multi.createFrom()
                        .iterable(nested)
                        .onItem()
                        .transformToUniAndMerge(
                                other -> teamHistory(token, view.tree().subtree(other), range))
                        .collect()
                        .asList();
        return Uni.combine().all().unis(team, others).with((own, nestedHistories) -> days(own, nestedHistories, view));
    }

    private Uni<JsonNode> teamHistory(JsonWebToken token, Collection<String> teams, String range) {
        return upstream.getJson(
                services.scoring(), "/internal/team-history?" + teamQuery(teams) + range, token.getRawToken());
    }

    private static TeamHistory days(JsonNode own, List<JsonNode> nestedHistories, View view) {
        java.util.Map<String, JsonNode> byDay = new java.util.HashMap<>();
        own.get("days").forEach(day -> byDay.put(day.get("day").asText(), day));
        LocalDate from = LocalDate.parse(own.get("from").asText());
        LocalDate to = LocalDate.parse(own.get("to").asText());
        List<JsonNode> points = new ArrayList<>();
        for (LocalDate day = from; !day.isAfter(to); day = day.plusDays(1)) {
            points.add(
                    point(day.toString(), byDay.get(day.toString()), sizesOn(day.toString(), nestedHistories), view));
        }
        return new TeamHistory(from, to, points);
    }

    private static List<Long> sizesOn(String day, List<JsonNode> histories) {
        List<Long> sizes = new ArrayList<>();
        for (JsonNode history : histories) {
            for (JsonNode point : history.get("days")) {
                if (point.get("day").asText().equals(day)) {
                    sizes.add(point.get("size").asLong());
                }
            }
        }
        return sizes;
    }

    private static JsonNode point(String day, JsonNode figures, List<Long> nestedSizes, View view) {
        ObjectNode point = com.fasterxml.jackson.databind.node.JsonNodeFactory.instance.objectNode();
        point.put("day", day);
        if (figures == null) {
            point.put("withheld", "no-scores");
            return point;
        }
        try {
            GroupPrivacy.check(figures.get("size").asLong(), nestedSizes, !view.admin());
        } catch (ProblemException refused) {
            point.put("withheld", refused.problem().type().substring("urn:ssi:problem:".length()));
            return point;
        }
        GroupPrivacy.copyFigures(figures, point);
        return point;
    }

    private Uni<List<Long>> sizes(JsonWebToken token, TeamTree tree, Set<String> teams) {
        if (teams.isEmpty()) {
            return Uni.createFrom().item(List.of());
        }
        return Multi.createFrom()
                .iterable(teams)
                .onItem()
                .transformToUniAndMerge(other -> aggregate(token, tree.subtree(other)))
                .map(figures -> figures.get("size").asLong())
                .collect()
                .asList();
    }

    private Uni<JsonNode> aggregate(JsonWebToken token, Collection<String> teams) {
        return upstream.getJson(
                services.ranking(), "/internal/team-aggregate?" + teamQuery(teams), token.getRawToken());
    }

    /** The teams as repeated {@code team=} query parameters, the way the services take a group of teams. */
    private static String teamQuery(Collection<String> teams) {
        return teams.stream().map(id -> "team=" + Upstream.segment(id)).collect(Collectors.joining("&"));
    }

    private static JsonNode shown(String teamId, JsonNode figures, List<Long> nestedSizes, View view) {
        GroupPrivacy.check(figures.get("size").asLong(), nestedSizes, !view.admin());
        ObjectNode answer = ((ObjectNode) figures).objectNode();
        answer.put("teamId", teamId);
        answer.put("day", LocalDate.now(ZoneOffset.UTC).toString());
        GroupPrivacy.copyFigures(figures, answer);
        return answer;
    }
}
