package org.ssi.gateway.client;

/**
 * A member's protected ranks and score in one release.
 *
 * @param network null when the release could not read the connection graph
 */
public record MemberRelease(long releaseId, String day, String memberId, Double score, Rank industry, Rank network) {}
