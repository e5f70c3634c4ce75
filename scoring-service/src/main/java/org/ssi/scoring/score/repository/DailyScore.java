package org.ssi.scoring.score.repository;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.IdClass;
import jakarta.persistence.Table;
import java.io.Serializable;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.Objects;

/** A member's score on one day, naming the model version that computed it. */
@Entity
@Table(name = "daily_score")
@IdClass(DailyScore.Key.class)
public class DailyScore {

    @Id
    @Column(name = "member_id")
    public String memberId;

    @Id
    public LocalDate day;

    @Column(name = "model_version")
    public int modelVersion;

    public String industry;

    @Column(name = "team_id")
    public String teamId;

    public BigDecimal brand;
    public BigDecimal find;
    public BigDecimal engage;
    public BigDecimal relationships;
    public BigDecimal score;

    /** The identity of a daily score: member and day. */
    public static class Key implements Serializable {
        public String memberId;
        public LocalDate day;

        public Key() {}

        public Key(String memberId, LocalDate day) {
            this.memberId = memberId;
            this.day = day;
        }

        @Override
        public boolean equals(Object other) {
            return other instanceof Key key && key.memberId.equals(memberId) && key.day.equals(day);
        }

        @Override
        public int hashCode() {
            return Objects.hash(memberId, day);
        }
    }
}
