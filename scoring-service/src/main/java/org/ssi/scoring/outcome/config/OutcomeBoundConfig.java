package org.ssi.scoring.outcome.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/**
 * How much of one member's outcome total the insights count: the total of a range of up to 90 days counts up to the
 * metric's bound, a longer range's up to the bound times its days / 90 (a member's total grows with the range). The
 * bound caps what one member can move a sum, so the protective noise of sums is scaled to it (docs/privacy.md): set
 * it above what a very busy member reaches in a quarter, since larger totals count as the bound, but not far above,
 * since the noise grows with it. Each must be positive.
 */
@ConfigMapping(prefix = "ssi.insights.outcome-bound")
public interface OutcomeBoundConfig {

    /** {@code ssi.insights.outcome-bound.opportunities}: opportunities per 90 days. */
    @WithDefault("100")
    double opportunities();

    /** {@code ssi.insights.outcome-bound.meetings}: meetings per 90 days. */
    @WithDefault("200")
    double meetings();

    /** {@code ssi.insights.outcome-bound.deals-won}: deals won per 90 days. */
    @WithDefault("40")
    double dealsWon();

    /** {@code ssi.insights.outcome-bound.revenue}: revenue per 90 days, in the CRM's currency. */
    @WithDefault("2000000")
    double revenue();
}
