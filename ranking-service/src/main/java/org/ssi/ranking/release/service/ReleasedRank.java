package org.ssi.ranking.release.service;

import java.math.BigDecimal;

/**
 * A member's standing in a group as a release shows it to the member: the rank and the group's average and size, each
 * with its protective noise, or all null with the reason they are withheld. Same field names as the exact rank.
 *
 * @param code the industry, or null for a network
 * @param withheld {@code group-too-small} while fewer than ten members count toward the group, or null
 */
public record ReleasedRank(
        String code, Double percentileRank, Integer topPercent, BigDecimal average, Long size, String withheld) {

    static ReleasedRank withheld(String code, String reason) {
        return new ReleasedRank(code, null, null, null, null, reason);
    }

    /** {@code clamp(ceil(100 - percentileRank), 1, 100)}, as design/ssi-model.md defines "top X%". */
    static int topPercent(double percentileRank) {
        return (int) Math.max(1, Math.min(100, Math.ceil(100 - percentileRank)));
    }
}
