package org.ssi.gateway.client;

/**
 * A group's figures in one release of ranking-service: the exact ones, for admins, and the released ones (noisy, or
 * withheld) for everyone else.
 *
 * @param code the team id or the industry code
 * @param directCount for a team, its members who are in no sub-team (the atoms of the hierarchy rule); else null
 */
public record GroupRelease(
        long releaseId,
        String day,
        String kind,
        String code,
        long size,
        long protectedCount,
        Long directCount,
        GroupFigures exact,
        GroupFigures released) {}
