package org.ssi.scoring;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.oidc.server.OidcWiremockTestResource;
import io.quarkus.vertx.VertxContextSupport;
import jakarta.inject.Inject;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.ssi.devstack.PostgresTestResource;
import org.ssi.devstack.TestTokens;
import org.ssi.scoring.model.MemberInputs;
import org.ssi.scoring.score.service.ScoringService;

@QuarkusTest
@QuarkusTestResource(PostgresTestResource.class)
@QuarkusTestResource(OidcWiremockTestResource.class)
class HistoryTest {

    @Inject
    ScoringService scoring;

    private void score(String member, LocalDate day, long searches) throws Throwable {
        MemberInputs inputs = new MemberInputs(
                member,
                "software",
                "SENIOR",
                "team-a",
                null,
                day,
                Map.of("LEAD_SEARCH", searches),
                Map.of(),
                0,
                Map.of());
        VertxContextSupport.subscribeAndAwait(() -> scoring.record(List.of(inputs), "history-test", 1));
    }

    @Test
    void answers_one_row_per_scored_day_within_the_range_oldest_first() throws Throwable {
        String member = "h-" + UUID.randomUUID();
        LocalDate day = LocalDate.of(2026, 3, 1);
        score(member, day, 1);
        score(member, day.plusDays(1), 5);
        score(member, day.plusDays(5), 20);

        given().headers(TestTokens.viaGateway("alice", "rep"))
                .get("/internal/scores/" + member + "/history?from=2026-03-01&to=2026-03-02")
                .then()
                .statusCode(200)
                .body("day", contains("2026-03-01", "2026-03-02"))
                // five lead searches: 4 * (1 - e^(-5/300)) = 0.066
                .body("[1].pillars.find", equalTo(0.07f))
                .body("[0].modelVersion", equalTo(1));
        given().headers(TestTokens.viaGateway("alice", "rep"))
                .get("/internal/scores/" + member + "/history?from=2026-01-01&to=2026-12-31")
                .then()
                .statusCode(200)
                .body("$", hasSize(3));
    }

    @Test
    void rejects_a_bad_or_too_long_range() {
        for (String query : List.of(
                "from=2026-02-30", "from=2026-03-05&to=2026-03-01", "from=2023-01-01&to=2026-01-01", "to=yesterday")) {
            given().headers(TestTokens.viaGateway("alice", "rep"))
                    .get("/internal/scores/m-1/history?" + query)
                    .then()
                    .statusCode(422)
                    .contentType("application/problem+json");
        }
    }
}
