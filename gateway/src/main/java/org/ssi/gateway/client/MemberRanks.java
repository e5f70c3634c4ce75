package org.ssi.gateway.client;

/**
 * A member's industry and network ranks: exact ({@code /internal/ranks}, without a release) or from the latest release
 * that holds the member ({@code releaseId} and its {@code day}).
 *
 * @param network null when the ranks could not read the connection graph
 */
public record MemberRanks(String memberId, Long releaseId, String day, Rank industry, Rank network) {}
