package org.ssi.ranking.snapshot.service;

import java.math.BigDecimal;
import java.time.LocalDate;

/**
 * A member's ranks as they stood on a day.
 *
 * @param network null when the snapshot of that day could not read the connection graph
 */
public record RankDay(LocalDate day, BigDecimal score, Standing industry, Standing network) {

    /** A rank in a group: industry (with its code) or network (code null). */
    public record Standing(String code, double percentileRank, int topPercent, long size) {}
}
