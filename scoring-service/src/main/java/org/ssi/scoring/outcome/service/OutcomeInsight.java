package org.ssi.scoring.outcome.service;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;

/**
 * The relation between members' average SSI and an outcome, as {@code GET /insights/outcomes} answers it: a
 * protected release (docs/privacy.md). Every number about the group carries deterministic noise keyed by a server
 * secret and the data, so it is close to the exact figure, not equal to it, and the same data always answer the same
 * numbers. Numbers are {@code null} where they cannot be estimated (no variation, or a group withheld).
 *
 * @param n members with outcomes in the range and at least one scored day in their periods (noisy; under ten
 *     members the whole answer is a 403, so it is never shown under ten)
 * @param slopePer10Points the outcome's change per 10 points of average SSI
 * @param ci95 its 95% interval (HC3 robust standard errors, plus the variance of the noise)
 * @param leaders members averaging 70 or more; see {@link Group}
 * @param laggards members averaging 30 or less; see {@link Group}
 * @param leadersToLaggards the leaders' mean outcome over the laggards' (null when either is withheld)
 * @param leadersToLaggardsCi95 its 95% interval (delta method on the log ratio)
 * @param pillars per pillar, the same slope per 10 points of that pillar (each pillar alone, not adjusted for the
 *     others)
 * @param confounders what may drive both the score and the outcome
 * @param membersWithoutScores members with outcomes in the range but no score in their periods, left out (noisy)
 * @param outcomeBound the most one member's total counts for: larger totals count as this much
 */
public record OutcomeInsight(
        String metric,
        LocalDate from,
        LocalDate to,
        long n,
        BigDecimal slopePer10Points,
        List<BigDecimal> ci95,
        BigDecimal correlation,
        Group leaders,
        Group laggards,
        BigDecimal leadersToLaggards,
        List<BigDecimal> leadersToLaggardsCi95,
        Map<String, PillarSlope> pillars,
        String statement,
        List<String> confounders,
        long membersWithoutScores,
        BigDecimal outcomeBound,
        String method) {

    /**
     * Leaders (average SSI 70 and above) or laggards (30 and below): how many (noisy) and their mean outcome
     * (noisy). A group with fewer than ten members, or whose noisy count is under ten, is withheld whole: {@code
     * {"n": null, "mean": null, "withheld": "group-too-small"}}; {@code withheld} is absent from a group shown.
     */
    public record Group(
            Long n,
            BigDecimal mean,
            @JsonInclude(JsonInclude.Include.NON_NULL) String withheld) {}

    /** The slope of the outcome on one pillar. */
    public record PillarSlope(BigDecimal slopePer10Points, List<BigDecimal> ci95, BigDecimal correlation) {}
}
