package org.ssi.scoring.outcome.service;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;

/**
 * The relation between members' average SSI and an outcome, as {@code GET /insights/outcomes} answers it. Numbers
 * are {@code null} where they cannot be estimated (no variation, or a group withheld).
 *
 * @param n members with outcomes in the range and at least one scored day in their periods
 * @param slopePer10Points the outcome's change per 10 points of average SSI
 * @param ci95 its 95% interval (HC3 robust standard errors)
 * @param leadersToLaggards the leaders' mean outcome over the laggards'
 * @param leadersToLaggardsCi95 its 95% interval (delta method on the log ratio)
 * @param pillars per pillar, the same slope per 10 points of that pillar (each pillar alone, not adjusted for the
 *     others)
 * @param confounders what may drive both the score and the outcome
 * @param membersWithoutScores members with outcomes in the range but no score in their periods, left out
 */
public record OutcomeInsight(
        String metric,
        LocalDate from,
        LocalDate to,
        int n,
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
        int membersWithoutScores,
        String method) {

    /**
     * Leaders (average SSI 70 and above) or laggards (30 and below): how many, and their mean outcome unless the
     * group is smaller than ten.
     */
    public record Group(
            int n,
            BigDecimal mean,
            @JsonInclude(JsonInclude.Include.NON_NULL) String withheld) {}

    /** The slope of the outcome on one pillar. */
    public record PillarSlope(BigDecimal slopePer10Points, List<BigDecimal> ci95, BigDecimal correlation) {}
}
