package org.ssi.scoring.score.repository;

import java.math.BigDecimal;
import java.time.LocalDate;

/** A member's score on one day, naming the model version that computed it: a row of {@code scoring.daily_score}. */
public record DailyScore(
        String memberId,
        LocalDate day,
        int modelVersion,
        String industry,
        String teamId,
        BigDecimal brand,
        BigDecimal find,
        BigDecimal engage,
        BigDecimal relationships,
        BigDecimal score) {

    /** The identity of a daily score: member and day. */
    public record Key(String memberId, LocalDate day) {}

    public Key key() {
        return new Key(memberId, day);
    }
}
