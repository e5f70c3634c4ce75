package org.ssi.ranking.release.service;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.oidc.server.OidcWiremockTestResource;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.inject.Inject;
import java.time.LocalDate;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;
import org.ssi.devstack.PostgresTestResource;
import org.ssi.devstack.Scrape;

/** The scheduled daily release as every replica's scheduler fires it, measured as Prometheus scrapes it. */
@QuarkusTest
@QuarkusTestResource(PostgresTestResource.class)
@QuarkusTestResource(OidcWiremockTestResource.class)
class DailyReleaseTest {

    @Inject
    ReleaseService releases;

    @Inject
    Pool pool;

    @Test
    void the_daily_release_runs_once_a_day_and_a_second_firing_is_skipped() {
        LocalDate today = LocalDate.now(ZoneOffset.UTC);
        pool.preparedQuery("delete from ranking.job_run where job = 'release' and day = $1")
                .execute(Tuple.of(today))
                .await()
                .indefinitely();
        double succeeded = sample("ssi_job_runs_total", "task=\"release\",outcome=\"success\"");
        double skipped = sample("ssi_job_runs_total", "task=\"release\",outcome=\"skipped\"");

        releases.daily();
        releases.daily();

        assertEquals(succeeded + 1, sample("ssi_job_runs_total", "task=\"release\",outcome=\"success\""));
        assertEquals(skipped + 1, sample("ssi_job_runs_total", "task=\"release\",outcome=\"skipped\""));
        assertEquals(0, sample("ssi_job_runs_total", "task=\"release\",outcome=\"failure\""));
        assertTrue(
                sample("ssi_job_last_success_timestamp_seconds", "task=\"release\"") > today.toEpochDay() * 86_400,
                "the last success is today");
        assertTrue(sample("ssi_job_last_duration_seconds", "task=\"release\"") >= 0);
        long days = pool.preparedQuery("select count(*) as n from ranking.job_run where job = 'release' and day = $1")
                .execute(Tuple.of(today))
                .await()
                .indefinitely()
                .iterator()
                .next()
                .getLong("n");
        assertEquals(1, days);
    }

    /** The value of the sample with exactly these labels on /q/metrics. */
    private static double sample(String name, String labels) {
        return Scrape.of(given().get("/q/metrics")
                        .then()
                        .statusCode(200)
                        .extract()
                        .asString())
                .single(name, Scrape.labels(labels));
    }
}
