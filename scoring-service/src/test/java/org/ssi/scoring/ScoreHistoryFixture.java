package org.ssi.scoring;

import static io.restassured.RestAssured.given;

import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.ssi.devstack.TestTokens;

/** Score history written straight into daily_score, and outcome batches posted as a CRM would. */
final class ScoreHistoryFixture {

    private final Pool pool;
    private final List<String> members = new ArrayList<>();
    private final List<String> days = new ArrayList<>();
    private final List<String> scores = new ArrayList<>();

    ScoreHistoryFixture(Pool pool) {
        this.pool = pool;
    }

    /** The member scored {@code score} every day from {@code from} to {@code to}. */
    ScoreHistoryFixture scored(String memberId, LocalDate from, LocalDate to, double score) {
        for (LocalDate day = from; !day.isAfter(to); day = day.plusDays(1)) {
            members.add(memberId);
            days.add(day.toString());
            scores.add(
                    BigDecimal.valueOf(score).setScale(2, RoundingMode.HALF_UP).toPlainString());
        }
        return this;
    }

    /**
     * Writes the rows; the pillars are 30/25/15/30% of the score (relationships takes the rounding), so they add up
     * to it as the model's do.
     */
    void store() {
        String sql = "insert into scoring.daily_score (member_id, day, model_version, industry, team_id, brand, find,"
                + " engage, relationships, score) select member_id, day::date, 1, 'software', null,"
                + " round(score * 0.30, 2), round(score * 0.25, 2), round(score * 0.15, 2),"
                + " score - round(score * 0.30, 2) - round(score * 0.25, 2) - round(score * 0.15, 2), score"
                + " from (select member_id, day, score::numeric as score"
                + " from unnest($1::text[], $2::text[], $3::text[]) as t(member_id, day, score)) rows";
        pool.preparedQuery(sql)
                .execute(Tuple.of(
                        members.toArray(String[]::new), days.toArray(String[]::new), scores.toArray(String[]::new)))
                .await()
                .indefinitely();
        members.clear();
        days.clear();
        scores.clear();
    }

    long storedOutcomes(String outcomeIdPrefix) {
        return pool.preparedQuery("select count(*) from scoring.outcome where outcome_id like $1")
                .execute(Tuple.of(outcomeIdPrefix + "%"))
                .await()
                .indefinitely()
                .iterator()
                .next()
                .getLong(0);
    }

    static Map<String, Object> outcome(
            String outcomeId, String memberId, String metric, LocalDate start, LocalDate end, Object value) {
        return Map.of(
                "outcomeId",
                outcomeId,
                "memberId",
                memberId,
                "metric",
                metric,
                "periodStart",
                start.toString(),
                "periodEnd",
                end.toString(),
                "value",
                value);
    }

    static ValidatableResponse post(List<?> outcomes) {
        return given().headers(TestTokens.viaGateway("crm", "ingest"))
                .contentType(ContentType.JSON)
                .body(Map.of("outcomes", outcomes))
                .post("/internal/outcomes")
                .then();
    }
}
