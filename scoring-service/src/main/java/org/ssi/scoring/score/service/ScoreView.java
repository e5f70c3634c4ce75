package org.ssi.scoring.score.service;

import java.math.BigDecimal;
import java.time.LocalDate;

/**
 * A member's current score as other services read it.
 *
 * @param change7d the score minus the score seven days before, or null without that history
 */
public record ScoreView(
        String memberId,
        String industry,
        LocalDate day,
        int modelVersion,
        BigDecimal score,
        Pillars pillars,
        BigDecimal change7d) {

    /** The four pillars, 0.00 to 25.00 each. */
    public record Pillars(BigDecimal brand, BigDecimal find, BigDecimal engage, BigDecimal relationships) {}
}
