package org.ssi.gateway.client;

/**
 * A member's standing in a group (an industry, or their network), exact or as a release shows it: the rank and the
 * group's average and size, or null with the reason they are withheld.
 *
 * @param code the industry, or null for a network
 */
public record Rank(
        String code, Double percentileRank, Integer topPercent, Double average, Long size, String withheld) {}
