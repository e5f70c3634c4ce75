package org.ssi.gateway.client;

/**
 * A member's current score as scoring-service gives it.
 *
 * @param change7d the score minus the score seven days before, or null without that history
 */
public record Score(
        String memberId,
        String industry,
        String day,
        Integer modelVersion,
        Double score,
        Pillars pillars,
        Double change7d) {}
