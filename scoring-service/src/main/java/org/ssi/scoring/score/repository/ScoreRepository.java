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

    public Uni<DailyScore> onDay(String memberId, LocalDate day) {
        return findById(new DailyScore.Key(memberId, day));
    }
}
