package org.ssi.scoring.outcome.rest;

import java.math.BigDecimal;
import java.time.LocalDate;
import org.ssi.scoring.outcome.service.Outcome;
import org.ssi.scoring.outcome.service.OutcomeMetric;

/**
 * One outcome of a batch as the contract writes it. The days stay text until checked, so that every bad day of a
 * batch is reported at once; {@link OutcomeBatch} accepts only outcomes that passed the checks.
 *
 * @param metric {@code opportunities}, {@code meetings}, {@code deals_won} or {@code revenue}
 * @param periodStart first day (YYYY-MM-DD, UTC) of the period
 * @param periodEnd last day, included
 * @param value the amount, from 0 to 1e15, exact as written
 */
public record OutcomeRequest(
        String outcomeId, String memberId, String metric, String periodStart, String periodEnd, BigDecimal value) {

    /** The outcome of a checked request; equal amounts become equal values (7.0 and 7). */
    public Outcome toOutcome() {
        return new Outcome(
                outcomeId,
                memberId,
                OutcomeMetric.parse(metric),
                LocalDate.parse(periodStart),
                LocalDate.parse(periodEnd),
                value.signum() == 0 ? BigDecimal.ZERO : value.stripTrailingZeros());
    }
}
