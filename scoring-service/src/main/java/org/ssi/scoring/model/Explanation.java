package org.ssi.scoring.model;

import java.math.BigDecimal;
import java.util.List;

/**
 * Why a member has their score: per pillar, per sub-metric, the raw value, the points earned and the points
 * available; the sub-metric points add up exactly to the pillar points, and the pillars to the score.
 */
public record Explanation(
        int modelVersion, BigDecimal score, List<Pillar> pillars, List<Recommendation> recommendations) {

    /** A pillar's points out of 25. */
    public record Pillar(String pillar, BigDecimal points, BigDecimal maxPoints, List<SubMetric> subMetrics) {}

    /** A sub-metric: its raw value (a count, a rate or a share), its points and its weight. */
    public record SubMetric(String key, double raw, BigDecimal points, BigDecimal maxPoints) {}

    /** A next action and the points it would add, best first. */
    public record Recommendation(String action, String pillar, BigDecimal gain) {}
}
