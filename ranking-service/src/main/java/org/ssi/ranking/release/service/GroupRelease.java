package org.ssi.ranking.release.service;

import java.time.LocalDate;
import org.ssi.ranking.rank.service.GroupAggregate;

/**
 * A group's figures in one release.
 *
 * @param kind {@link #INDUSTRY} or {@link #TEAM} (a team with its sub-teams)
 * @param size the scored members in the group
 * @param protectedCount those of them who were in the group in the previous release: only they count toward the ten
 * @param directCount for a team, its members who are in no sub-team (the atoms of the hierarchy rule); else null
 * @param exact the exact figures, for admins
 * @param released the figures a non-admin sees: noisy, or withheld
 */
public record GroupRelease(
        long releaseId,
        LocalDate day,
        String kind,
        String code,
        long size,
        long protectedCount,
        Long directCount,
        GroupAggregate exact,
        GroupAggregate released) {

    public static final String INDUSTRY = "industry";
    public static final String TEAM = "team";
}
