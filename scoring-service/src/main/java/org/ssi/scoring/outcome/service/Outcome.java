package org.ssi.scoring.outcome.service;

import java.math.BigDecimal;
import java.time.LocalDate;

/**
 * A CRM outcome of a member over a period of whole UTC days, both ends included.
 *
 * @param value at least 0, without trailing zeros, so that equal amounts are equal records
 */
public record Outcome(
        String outcomeId,
        String memberId,
        OutcomeMetric metric,
        LocalDate periodStart,
        LocalDate periodEnd,
        BigDecimal value) {}
