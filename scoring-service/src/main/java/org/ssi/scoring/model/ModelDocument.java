package org.ssi.scoring.model;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;
import java.util.Map;

/**
 * A scoring model as data: the sub-metrics of each pillar with their weights, curves, targets and the actions that
 * raise them. Version 1 lives in {@code src/main/resources/models/v1.json}; every stored score names its version.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = false)
public record ModelDocument(
        Integer version,
        String description,
        Integer windowDays,
        TargetPersona targetPersona,
        List<PillarDefinition> pillars) {

    /** Whom "senior decision-maker connections" means for this organisation (default VP and above). */
    public record TargetPersona(List<String> seniorities) {}

    /** One pillar and its sub-metrics; their weights sum to 25. */
    public record PillarDefinition(String pillar, List<SubMetric> subMetrics) {}

    /**
     * One sub-metric.
     *
     * @param kind {@code count} (a window count through a saturating curve), {@code net} ({@code metric} minus
     *     {@code minus}), {@code activeDays}, {@code profile} (weights per profile field), {@code connections}
     *     ({@code all}, {@code persona} or {@code internal}, as of the day), {@code volumeWithRate} (a saturating
     *     volume scaled by the rate {@code rateOf / metric} between {@code floor} and {@code target})
     * @param scale the count at which 63% of the weight is earned (95% at three times it)
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record SubMetric(
            String key,
            String kind,
            Double weight,
            String metric,
            String minus,
            Double scale,
            String rateOf,
            Double floor,
            Double target,
            String connections,
            Map<String, Double> fields,
            List<Action> actions) {}

    /** Something a member can do; its gain is computed by scoring the member as if they had done it. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Action(String text, Map<String, Long> adds, Integer addsActiveDays) {}
}
