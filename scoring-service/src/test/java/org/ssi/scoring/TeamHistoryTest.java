package org.ssi.scoring;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.nullValue;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.oidc.server.OidcWiremockTestResource;
import io.quarkus.vertx.VertxContextSupport;
import jakarta.inject.Inject;
import java.time.LocalDate;
import java.util.ArrayList;
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
class TeamHistoryTest {

    @Inject
    ScoringService scoring;

    private static MemberInputs member(String id, String team, LocalDate day, long articles) {
        return new MemberInputs(
                id,
                "software",
                "SENIOR",
                team,
                null,
                day,
                Map.of("ARTICLE_PUBLISHED", articles),
                Map.of(),
                0,
                Map.of());
    }

    @Test
    void gives_the_figures_of_each_day_with_the_team_members_had_that_day_and_withholds_small_days() throws Throwable {
        String team = "t-" + UUID.randomUUID().toString().substring(0, 8);
        LocalDate day = LocalDate.of(2026, 5, 1);
        List<MemberInputs> first = new ArrayList<>();
        List<MemberInputs> second = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
            first.add(member(team + "-" + i, team, day, i));
            // The next day three of them have moved to another team.
            second.add(member(team + "-" + i, i < 3 ? "elsewhere" : team, day.plusDays(1), i));
        }
        VertxContextSupport.subscribeAndAwait(() -> scoring.record(first));
        VertxContextSupport.subscribeAndAwait(() -> scoring.record(second));

        given().headers(TestTokens.viaGateway("maria", "manager"))
                .get("/internal/team-history?team=" + team + "&from=2026-05-01&to=2026-05-03")
                .then()
                .statusCode(200)
                .body("from", equalTo("2026-05-01"))
                .body("days", hasSize(2))
                .body("days[0].size", equalTo(12))
                .body("days[0].leaders", equalTo(0))
                .body("days[0].distribution", hasSize(10))
                .body("days[1].size", equalTo(9))
                .body("days[1].withheld", equalTo("group-too-small"))
                .body("days[1].average", nullValue());
    }

    @Test
    void rejects_bad_team_ids() {
        given().headers(TestTokens.viaGateway("maria", "manager"))
                .get("/internal/team-history?team=bad%20id")
                .then()
                .statusCode(422);
        given().headers(TestTokens.viaGateway("maria", "manager"))
                .get("/internal/team-history")
                .then()
                .statusCode(422);
    }
}
