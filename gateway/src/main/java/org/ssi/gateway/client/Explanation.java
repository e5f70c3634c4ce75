package org.ssi.gateway.client;

import java.util.List;

/** Per pillar and sub-metric of a member's score: the points earned and available, and the actions worth most. */
public record Explanation(
        String memberId,
        String day,
        Integer modelVersion,
        Double score,
        List<Pillar> pillars,
        List<Recommendation> recommendations) {

    /** A pillar's points and its sub-metrics. */
    public record Pillar(String pillar, Double points, Double maxPoints, List<SubMetric> subMetrics) {}

    /** A sub-metric: its raw value and the points it earns. */
    public record SubMetric(String key, Double raw, Double points, Double maxPoints) {}

    /** An action and the points it would gain. */
    public record Recommendation(String action, String pillar, Double gain) {}
}
