package org.ssi.ranking;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.oidc.server.OidcWiremockTestResource;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.BooleanSupplier;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.eclipse.microprofile.config.Config;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.Test;
import org.ssi.devstack.KafkaTestResource;
import org.ssi.devstack.PostgresTestResource;
import org.ssi.devstack.TestTokens;
import org.ssi.ranking.feed.client.ScoreFeedClient.ScoreChange;

/**
 * With {@code ssi.feed.transport=kafka}, on a real broker: score changes published to {@code ssi.score-changes} reach
 * the stored scores and this replica's index; a change delivered twice, or an older one delivered after a newer one
 * (a relay that crashed and published again), changes nothing; the topic's positions are stored with the scores.
 */
@QuarkusTest
@QuarkusTestResource(PostgresTestResource.class)
@QuarkusTestResource(OidcWiremockTestResource.class)
@QuarkusTestResource(value = KafkaTestResource.class, restrictToAnnotatedClass = true)
class ScoreChangeConsumerTest {

    private static final String TOPIC = "ssi.score-changes";

    @Inject
    ObjectMapper json;

    @Test
    void applies_changes_by_value_so_duplicates_and_older_changes_change_nothing() throws Exception {
        String industry = "kafka-" + UUID.randomUUID().toString().substring(0, 8);
        String a = industry + "-a";
        String b = industry + "-b";
        ScoreChange aOld = change(100, a, industry, "20.00");
        ScoreChange aNew = change(200, a, industry, "60.00");
        ScoreChange bOnly = change(150, b, industry, "40.00");
        publish(List.of(aOld, aNew, bOnly, aOld, aNew, bOnly, aOld));

        await(() -> storedScore(a) != null && storedScore(b) != null, "both members stored");
        await(() -> rank(b).getInt("size") == 2, "both members indexed");
        assertEquals(0, new BigDecimal("60.00").compareTo(storedScore(a)), "the newest change wins in the database");
        JsonPath rankOfA = rank(a);
        assertEquals(75.0f, rankOfA.getFloat("percentileRank"), "a (60) above b (40) in the index");
        assertEquals(2, rankOfA.getInt("size"));
        assertTrue(storedPositions() >= 7, "the topic's positions are stored with the scores");
    }

    private static ScoreChange change(long seq, String member, String industry, String score) {
        BigDecimal quarter = new BigDecimal(score).divide(BigDecimal.valueOf(4));
        return new ScoreChange(
                seq,
                member,
                industry,
                null,
                LocalDate.now(),
                new BigDecimal(score),
                quarter,
                quarter,
                quarter,
                quarter,
                null);
    }

    private void publish(List<ScoreChange> changes) throws Exception {
        Map<String, Object> settings = Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
                KafkaTestResource.bootstrapServers(),
                ProducerConfig.ACKS_CONFIG,
                "all");
        try (KafkaProducer<String, String> producer =
                new KafkaProducer<>(settings, new StringSerializer(), new StringSerializer())) {
            for (ScoreChange change : changes) {
                producer.send(new ProducerRecord<>(TOPIC, change.memberId(), json.writeValueAsString(change)))
                        .get();
            }
        }
    }

    private static JsonPath rank(String member) {
        return given().headers(TestTokens.viaGateway("alice", "rep"))
                .get("/internal/ranks/" + member + "/industry")
                .then()
                .extract()
                .jsonPath();
    }

    private static void await(BooleanSupplier condition, String what) throws InterruptedException {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(60));
        while (!condition.getAsBoolean()) {
            assertTrue(Instant.now().isBefore(deadline), "not within a minute: " + what);
            Thread.sleep(200);
        }
    }

    private static Connection database() throws SQLException {
        Config config = ConfigProvider.getConfig();
        return DriverManager.getConnection(
                config.getValue("quarkus.datasource.jdbc.url", String.class),
                config.getValue("quarkus.datasource.username", String.class),
                config.getOptionalValue("quarkus.datasource.password", String.class)
                        .orElse(""));
    }

    private static BigDecimal storedScore(String member) {
        try (Connection db = database();
                ResultSet row = db.createStatement()
                        .executeQuery("select score from ranking.member_score where member_id = '" + member + "'")) {
            return row.next() ? row.getBigDecimal(1) : null;
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The sum of the stored next offsets over the topic's partitions: the records applied. */
    private static long storedPositions() throws SQLException {
        try (Connection db = database();
                ResultSet row = db.createStatement()
                        .executeQuery("select coalesce(sum(position), 0) from ranking.feed_cursor"
                                + " where feed like 'kafka:" + TOPIC + ":%'")) {
            row.next();
            return row.getLong(1);
        }
    }
}
