package org.ssi.ranking.release.service;

import java.util.Map;
import java.util.Set;

/**
 * Who was in which group in the previous release: the members who count toward the ten in the next one. With no
 * previous release at all (the first one of an installation), every member counts.
 */
public record PreviousRelease(Map<String, Placement> members) {

    /** A member's groups in the previous release. */
    public record Placement(String industry, String teamId, Set<String> network) {}

    public static final PreviousRelease NONE = new PreviousRelease(null);

    boolean inIndustry(String memberId, String industry) {
        if (members == null) {
            return true;
        }
        Placement placement = members.get(memberId);
        return placement != null && industry.equals(placement.industry());
    }

    boolean inTeams(String memberId, Set<String> teams) {
        if (members == null) {
            return true;
        }
        Placement placement = members.get(memberId);
        return placement != null && placement.teamId() != null && teams.contains(placement.teamId());
    }

    /** Whether the connection was in the member's network in the previous release (the member counts as in their own). */
    boolean inNetwork(String memberId, String connection) {
        if (members == null) {
            return true;
        }
        Placement placement = members.get(memberId);
        return placement != null
                && placement.network() != null
                && placement.network().contains(connection);
    }

    boolean present(String memberId) {
        return members == null || members.containsKey(memberId);
    }
}
