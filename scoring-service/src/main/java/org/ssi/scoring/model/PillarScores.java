package org.ssi.scoring.model;

import java.math.BigDecimal;
import java.math.RoundingMode;

/** The four pillars, each 0.00 to 25.00, rounded half-up; the score is the exact sum of the rounded pillars. */
public record PillarScores(BigDecimal brand, BigDecimal find, BigDecimal engage, BigDecimal relationships) {

    public static final BigDecimal PILLAR_MAXIMUM = BigDecimal.valueOf(25);

    public static PillarScores of(double brand, double find, double engage, double relationships) {
        return new PillarScores(round(brand), round(find), round(engage), round(relationships));
    }

    public BigDecimal score() {
        return brand.add(find).add(engage).add(relationships);
    }

    static BigDecimal round(double points) {
        double bounded = Math.max(0, Math.min(PILLAR_MAXIMUM.doubleValue(), points));
        return BigDecimal.valueOf(bounded).setScale(2, RoundingMode.HALF_UP);
    }
}
