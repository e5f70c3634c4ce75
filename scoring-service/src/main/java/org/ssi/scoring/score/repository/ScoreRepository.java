package org.ssi.scoring.score.repository;

import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.LocalDate;

/** Daily scores; run inside a session (callers open it). */
@ApplicationScoped
public class ScoreRepository implements PanacheRepositoryBase<DailyScore, DailyScore.Key> {

    public Uni<DailyScore> latest(String memberId) {
        return find("memberId = ?1 order by day desc", memberId).firstResult();
    }

    /** The member's daily scores from {@code from} to {@code to}, inclusive, oldest first. */
    public Uni<java.util.List<DailyScore>> between(String memberId, LocalDate from, LocalDate to) {
        return list("memberId = ?1 and day >= ?2 and day <= ?3 order by day", memberId, from, to);
    }

    public Uni<DailyScore> onDay(String memberId, LocalDate day) {
        return findById(new DailyScore.Key(memberId, day));
    }
}
