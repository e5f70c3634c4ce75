package org.ssi.scoring.score.repository;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/** Daily scores; run inside a session (callers open it). */
@ApplicationScoped
public class ScoreRepository implements PanacheRepositoryBase<DailyScore, DailyScore.Key> {

    /** Writes the rows of the set-based statements: plain values, strings for days. */
    private static final ObjectMapper JSON = new ObjectMapper();

    public Uni<DailyScore> latest(String memberId) {
        return find("memberId = ?1 order by day desc", memberId).firstResult();
    }

    /** The member's daily scores from {@code from} to {@code to}, inclusive, oldest first. */
    public Uni<List<DailyScore>> between(String memberId, LocalDate from, LocalDate to) {
        return list("memberId = ?1 and day >= ?2 and day <= ?3 order by day", memberId, from, to);
    }

    /**
     * Writes the scores (in member order, so writers lock in one order) where the stored row of the member and
     * day is missing or differs; answers the scores written, in the order given. One statement, in the current
     * transaction.
     */
    public Uni<List<DailyScore>> storeChanged(List<DailyScore> computed) {
        if (computed.isEmpty()) {
            return Uni.createFrom().item(List.of());
        }
        List<Row> rows = new ArrayList<>(computed.size());
        computed.forEach(score -> rows.add(Row.of(score)));
        String sql = "with written as (insert into scoring.daily_score as s (member_id, day, model_version, industry,"
                + " team_id, brand, find, engage, relationships, score)"
                + " select r.member_id, r.day, r.model_version, r.industry, r.team_id, r.brand, r.find, r.engage,"
                + " r.relationships, r.score from jsonb_to_recordset(cast(cast(?1 as text) as jsonb))"
                + " as r(member_id varchar, day date, model_version integer, industry varchar, team_id varchar,"
                + " brand numeric, find numeric, engage numeric, relationships numeric, score numeric)"
                + " order by r.member_id, r.day"
                + " on conflict (member_id, day) do update set model_version = excluded.model_version,"
                + " industry = excluded.industry, team_id = excluded.team_id, brand = excluded.brand,"
                + " find = excluded.find, engage = excluded.engage, relationships = excluded.relationships,"
                + " score = excluded.score"
                + " where (s.model_version, s.industry, s.team_id, s.brand, s.find, s.engage, s.relationships, s.score)"
                + " is distinct from (excluded.model_version, excluded.industry, excluded.team_id, excluded.brand,"
                + " excluded.find, excluded.engage, excluded.relationships, excluded.score)"
                + " returning s.member_id, s.day)"
                + " select member_id, cast(day as text) from written";
        return Panache.getSession()
                .chain(session -> session.createNativeQuery(sql, Object[].class)
                        .setParameter(1, write(rows))
                        .getResultList())
                .map(written -> written(computed, written));
    }

    private static List<DailyScore> written(List<DailyScore> computed, List<Object[]> written) {
        Set<DailyScore.Key> keys = new HashSet<>();
        written.forEach(row -> keys.add(new DailyScore.Key((String) row[0], LocalDate.parse((String) row[1]))));
        return computed.stream()
                .filter(score -> keys.contains(new DailyScore.Key(score.memberId, score.day)))
                .toList();
    }

    /** A score as the statements read it from JSON. */
    record Row(
            @JsonProperty("member_id") String memberId,
            String day,
            @JsonProperty("model_version") int modelVersion,
            String industry,
            @JsonProperty("team_id") String teamId,
            BigDecimal brand,
            BigDecimal find,
            BigDecimal engage,
            BigDecimal relationships,
            BigDecimal score) {

        static Row of(DailyScore s) {
            return new Row(
                    s.memberId,
                    s.day.toString(),
                    s.modelVersion,
                    s.industry,
                    s.teamId,
                    s.brand,
                    s.find,
                    s.engage,
                    s.relationships,
                    s.score);
        }
    }

    static String write(Object value) {
        try {
            return JSON.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    public Uni<DailyScore> onDay(String memberId, LocalDate day) {
        return findById(new DailyScore.Key(memberId, day));
    }
}
