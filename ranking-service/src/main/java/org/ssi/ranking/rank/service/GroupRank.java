package org.ssi.ranking.rank.service;

import java.math.BigDecimal;
import java.math.RoundingMode;
import org.ssi.privacy.GroupProtection;

/**
 * A member's standing in a group, exactly as design/ssi-model.md defines it.
 *
 * @param code the group's code (an industry), or null for a network
 * @param percentileRank {@code 100 * (below + 0.5 * equal) / size}
 * @param topPercent {@code clamp(ceil(100 - percentileRank), 1, 100)}
 * @param average the group's average score, or null when withheld
 * @param withheld why the average is withheld ({@code group-too-small}), or null
 */
public record GroupRank(
        String code, double percentileRank, int topPercent, BigDecimal average, String withheld, long size) {

    public static final String GROUP_TOO_SMALL = "group-too-small";

    /** The rank of a member with {@code below} members under and {@code equal} members at their score. */
    public static GroupRank of(String code, long below, long equal, long size, long sumOfCents) {
        double percentileRank = 100.0 * (below + 0.5 * equal) / size;
        int topPercent = (int) Math.max(1, Math.min(100, Math.ceil(100 - percentileRank)));
        boolean shown = size >= GroupProtection.MINIMUM_GROUP_SIZE;
        BigDecimal average = shown
                ? BigDecimal.valueOf(sumOfCents).divide(BigDecimal.valueOf(size * 100), 2, RoundingMode.HALF_UP)
                : null;
        return new GroupRank(code, percentileRank, topPercent, average, shown ? null : GROUP_TOO_SMALL, size);
    }
}
