package org.ssi.gateway.team.service;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** The directory's teams as a tree: who manages what, and which teams are nested in which. */
public final class TeamTree {

    /** A team of the directory. */
    public record Team(String teamId, String name, String parentTeamId, List<String> managers) {}

    private final Map<String, Team> teams = new LinkedHashMap<>();
    private final Map<String, List<String>> children = new HashMap<>();

    public TeamTree(List<Team> all) {
        for (Team team : all) {
            teams.put(team.teamId(), team);
            if (team.parentTeamId() != null) {
                children.computeIfAbsent(team.parentTeamId(), id -> new ArrayList<>())
                        .add(team.teamId());
            }
        }
    }

    public Team team(String teamId) {
        return teams.get(teamId);
    }

    /** The team and every team below it, at any depth. */
    public Set<String> subtree(String teamId) {
        Set<String> found = new LinkedHashSet<>();
        List<String> pending = new ArrayList<>(List.of(teamId));
        while (!pending.isEmpty()) {
            String next = pending.remove(pending.size() - 1);
            if (teams.containsKey(next) && found.add(next)) {
                pending.addAll(children.getOrDefault(next, List.of()));
            }
        }
        return found;
    }

    /** What a caller may view: admins every team; a manager the teams they manage and all below them. */
    public Set<String> viewableBy(String memberId, boolean admin) {
        if (admin) {
            return Set.copyOf(teams.keySet());
        }
        Set<String> viewable = new LinkedHashSet<>();
        for (Team team : teams.values()) {
            if (memberId != null && team.managers().contains(memberId)) {
                viewable.addAll(subtree(team.teamId()));
            }
        }
        return viewable;
    }
}
