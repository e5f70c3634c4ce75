package org.ssi.scoring;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.quarkus.test.oidc.server.OidcWiremockTestResource;
import jakarta.inject.Inject;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.function.BooleanSupplier;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringSerializer;
import org.eclipse.microprofile.config.Config;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.ssi.devstack.KafkaTestResource;
import org.ssi.devstack.PostgresTestResource;
import org.ssi.devstack.Scrape;
import org.ssi.scoring.feed.client.ActivityClient.Change;
import org.ssi.scoring.model.MemberInputs;

/**
 * With {@code ssi.feed.transport=kafka}, on a real broker and a real database: activity changes published to
 * {@code ssi.activity-changes} get their members scored, and the group's offsets move past a change only once its
 * member's score is stored; a replayed change changes nothing; a change whose scoring fails is read again, not lost;
 * a change of a member activity-service does not know is passed over.
 * activity-service is a stub of its member-inputs contract on a real HTTP port ({@link ActivityServiceStub}).
 */
@QuarkusTest
@TestProfile(ActivityChangeConsumerTest.ActivityServiceStubbed.class)
@QuarkusTestResource(PostgresTestResource.class)
@QuarkusTestResource(OidcWiremockTestResource.class)
@QuarkusTestResource(value = KafkaTestResource.class, restrictToAnnotatedClass = true)
class ActivityChangeConsumerTest {

    private static final String TOPIC = "ssi.activity-changes";
    private static final String GROUP = "ssi-scoring";
    private static final Duration WITHIN = Duration.ofSeconds(60);

    /** activity-service at the stub, and this service's token from the OIDC test server's client-credentials grant. */
    public static class ActivityServiceStubbed implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of(
                    "quarkus.rest-client.activity.url",
                    "http://127.0.0.1:" + ActivityServiceStub.port(),
                    "quarkus.oidc-client.token-path",
                    "${keycloak.url}/realms/quarkus/token");
        }
    }

    static ActivityServiceStub activity;

    @Inject
    ObjectMapper json;

    @BeforeAll
    static void startActivityService() {
        activity = new ActivityServiceStub(ActivityServiceStub.port());
    }

    @AfterAll
    static void stopActivityService() {
        activity.close();
    }

    @Test
    void scores_the_members_named_and_commits_their_offsets_only_once_the_scores_are_stored() throws Exception {
        String first = knownMember();
        String second = knownMember();
        CountDownLatch secondAnswered = activity.holds(second);
        publish(first);
        RecordMetadata secondChange = publish(second);
        try {
            await(() -> activity.asked(second) > 0, "the consumer asks for the second member's inputs");
            assertNull(storedScore(second), "not stored while its inputs are awaited");
            assertTrue(committed(secondChange) <= secondChange.offset(), "no commit past a change not yet stored");
        } finally {
            secondAnswered.countDown();
        }

        await(() -> committed(secondChange) > secondChange.offset(), "the offset committed once the score is stored");
        assertNotNull(storedScore(first), "the first member is scored");
        assertNotNull(storedScore(second), "the second member is scored");
    }

    @Test
    void the_consumer_is_a_liveness_check_up_while_it_polls_and_its_lag_returns_to_zero() throws Exception {
        given().get("/q/health/live")
                .then()
                .statusCode(200)
                .body("checks.find { it.name == 'activity-change-consumer' }.status", equalTo("UP"))
                .body("checks.find { it.name == 'activity-change-consumer' }.data.topic", equalTo(TOPIC));
        assertEquals(1.0, sample("ssi_feed_consumer_alive", "topic=\"" + TOPIC + "\""));
        assertEquals(0.0, sample("ssi_feed_dead_letters_total", "topic=\"" + TOPIC + "\""));

        RecordMetadata change = publish(knownMember());

        await(() -> committed(change) > change.offset(), "the change applied and committed");
        await(
                () -> sample("ssi_feed_lag_entries", "follower=\"scoring-activity-feed\"") == 0
                        && sample("ssi_feed_lag_seconds", "follower=\"scoring-activity-feed\"") == 0,
                "the follower's lag back to zero");
    }

    /** The value of the sample with exactly these labels, as Prometheus scrapes it. */
    private static double sample(String name, String labels) {
        return Scrape.of(given().get("/q/metrics")
                        .then()
                        .statusCode(200)
                        .extract()
                        .asString())
                .single(name, Scrape.labels(labels));
    }

    @Test
    void a_replayed_change_changes_nothing() throws Exception {
        String member = knownMember();
        RecordMetadata original = publish(member);
        await(() -> committed(original) > original.offset(), "the change applied and committed");
        Timestamp computedAt = computedAt(member);

        // What a relay that died after the broker's acknowledgement, before moving its position, publishes again.
        RecordMetadata replay = publish(member);
        await(() -> committed(replay) > replay.offset(), "the replayed change applied and committed");

        assertTrue(activity.asked(member) >= 2, "the member was scored again");
        assertEquals(computedAt, computedAt(member), "the stored score is untouched");
        assertEquals(1, scoreChanges(member), "nothing new on the score feed");
    }

    @Test
    void a_change_whose_scoring_fails_is_read_again_and_not_lost() throws Exception {
        String member = knownMember();
        activity.fails(member);
        RecordMetadata change = publish(member);
        try {
            await(() -> activity.asked(member) >= 2, "the change read again after its scoring failed");
            assertNull(storedScore(member), "nothing stored while scoring fails");
            assertTrue(committed(change) <= change.offset(), "no offset committed past the failed change");
        } finally {
            activity.recovers(member);
        }
        await(() -> storedScore(member) != null, "the member scored once activity-service answers");
        await(() -> committed(change) > change.offset(), "the offset committed after the score was stored");
    }

    @Test
    void a_change_of_a_member_activity_service_does_not_know_is_passed_over_not_retried_forever() throws Exception {
        String gone = "consumer-gone-" + UUID.randomUUID().toString().substring(0, 8);
        RecordMetadata change = publish(gone);
        await(() -> committed(change) > change.offset(), "the offset committed past the unknown member's change");
        assertEquals(1, activity.asked(gone), "asked once, not again and again");
        assertNull(storedScore(gone), "no score for a member activity-service does not know");
    }

    /** A fresh member activity-service knows, with its inputs of today. */
    private String knownMember() throws Exception {
        String member = "consumer-" + UUID.randomUUID().toString().substring(0, 8);
        MemberInputs inputs = new MemberInputs(
                member,
                "software",
                "SENIOR",
                null,
                new MemberInputs.Profile(true, false, true, false, false, false, false),
                today(),
                Map.of("PEOPLE_SEARCH", 12L),
                Map.of(),
                3,
                Map.of());
        activity.knows(member, json.writeValueAsString(inputs));
        return member;
    }

    /** Publishes a change of the member as activity-service's relay does: its JSON, keyed by member id. */
    private RecordMetadata publish(String member) throws Exception {
        Map<String, Object> settings = Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
                KafkaTestResource.bootstrapServers(),
                ProducerConfig.ACKS_CONFIG,
                "all");
        try (KafkaProducer<String, String> producer =
                new KafkaProducer<>(settings, new StringSerializer(), new StringSerializer())) {
            String change = json.writeValueAsString(new Change(System.nanoTime(), member, "activity", null));
            return producer.send(new ProducerRecord<>(TOPIC, member, change)).get();
        }
    }

    /** The group's committed offset of the record's partition: the next record it will read; 0 before any commit. */
    private static long committed(RecordMetadata record) {
        try (Admin admin = Admin.create(
                Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, KafkaTestResource.bootstrapServers()))) {
            OffsetAndMetadata offset = admin.listConsumerGroupOffsets(GROUP)
                    .partitionsToOffsetAndMetadata()
                    .get()
                    .get(new TopicPartition(record.topic(), record.partition()));
            return offset == null ? 0 : offset.offset();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static LocalDate today() {
        return LocalDate.now(ZoneOffset.UTC);
    }

    private static BigDecimal storedScore(String member) {
        return query(
                "select score from scoring.daily_score where member_id = ? and day = ?",
                member,
                row -> row.getBigDecimal(1));
    }

    private static Timestamp computedAt(String member) {
        return query(
                "select computed_at from scoring.daily_score where member_id = ? and day = ?",
                member,
                row -> row.getTimestamp(1));
    }

    private static long scoreChanges(String member) {
        return query(
                "select count(*) from scoring.score_change where member_id = ? and day = ?",
                member,
                row -> row.getLong(1));
    }

    private interface Column<T> {
        T read(ResultSet row) throws SQLException;
    }

    /** The first row's value for the member today, or null when there is no row. */
    private static <T> T query(String sql, String member, Column<T> column) {
        Config config = ConfigProvider.getConfig();
        try (Connection db = DriverManager.getConnection(
                        config.getValue("quarkus.datasource.jdbc.url", String.class),
                        config.getValue("quarkus.datasource.username", String.class),
                        config.getOptionalValue("quarkus.datasource.password", String.class)
                                .orElse(""));
                PreparedStatement select = db.prepareStatement(sql)) {
            select.setString(1, member);
            select.setObject(2, today());
            try (ResultSet row = select.executeQuery()) {
                return row.next() ? column.read(row) : null;
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void await(BooleanSupplier condition, String what) throws InterruptedException {
        Instant deadline = Instant.now().plus(WITHIN);
        while (!condition.getAsBoolean()) {
            assertTrue(Instant.now().isBefore(deadline), "not within a minute: " + what);
            Thread.sleep(200);
        }
    }
}
