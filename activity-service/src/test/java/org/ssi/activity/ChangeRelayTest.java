package org.ssi.activity;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.ssi.activity.Fixtures.batch;
import static org.ssi.activity.Fixtures.event;
import static org.ssi.activity.Fixtures.fresh;
import static org.ssi.activity.Fixtures.newMember;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.oidc.server.OidcWiremockTestResource;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.eclipse.microprofile.config.Config;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.Test;
import org.ssi.devstack.KafkaTestResource;
import org.ssi.devstack.PostgresTestResource;
import org.ssi.feed.kafka.FeedTrace;

/**
 * With {@code ssi.feed.transport=kafka}, on a real broker: the relay publishes every change of the feed to
 * {@code ssi.activity-changes}, keyed by member id, each member's changes in one partition and in feed order, and
 * stores its position once the broker has them; a change's traceparent goes with it as the record's
 * {@code traceparent} header.
 */
@QuarkusTest
@QuarkusTestResource(PostgresTestResource.class)
@QuarkusTestResource(OidcWiremockTestResource.class)
@QuarkusTestResource(value = KafkaTestResource.class, restrictToAnnotatedClass = true)
class ChangeRelayTest {

    private static final String TOPIC = "ssi.activity-changes";
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void publishes_every_change_keyed_by_member_in_feed_order_per_member() throws Exception {
        List<String> members = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
            members.add(newMember("software"));
        }
        for (int round = 0; round < 5; round++) {
            List<String> events = new ArrayList<>();
            for (String member : members) {
                events.add(event(fresh("relay"), member, "POST_SHARED", 1 + round));
            }
            Fixtures.asIngest()
                    .body(batch(events.toArray(String[]::new)))
                    .post("/api/v1/activities")
                    .then()
                    .statusCode(200);
        }
        Map<Long, String> feed = feed();

        Map<Long, ConsumerRecord<String, String>> published = readUntilPublished(feed.keySet());

        Map<String, Set<Integer>> partitionsOfMember = new HashMap<>();
        Map<Integer, Long> lastSeqOfPartition = new HashMap<>();
        for (ConsumerRecord<String, String> record : published.values().stream()
                .sorted(java.util.Comparator.comparingLong(ConsumerRecord::offset))
                .toList()) {
            JsonNode change = JSON.readTree(record.value());
            long seq = change.get("seq").asLong();
            assertEquals(feed.get(seq), record.key(), "keyed by the member the change names");
            assertEquals(record.key(), change.get("memberId").asText());
            partitionsOfMember
                    .computeIfAbsent(record.key(), m -> new TreeSet<>())
                    .add(record.partition());
            Long before = lastSeqOfPartition.put(record.partition(), seq);
            assertTrue(before == null || before < seq, "feed order within partition " + record.partition());
        }
        partitionsOfMember.forEach(
                (member, partitions) -> assertEquals(1, partitions.size(), member + " is in one partition"));
        assertTrue(lastSeqOfPartition.size() > 1, "members spread over partitions: " + lastSeqOfPartition.keySet());
        long last = feed.keySet().stream().mapToLong(Long::longValue).max().orElseThrow();
        Instant deadline = Instant.now().plus(Duration.ofSeconds(10));
        while (relayPosition() < last && Instant.now().isBefore(deadline)) {
            Thread.sleep(100);
        }
        assertEquals(last, relayPosition(), "the relay's position is stored once the broker acknowledged");
    }

    @Test
    void a_relay_that_lost_its_last_round_publishes_it_again_and_loses_nothing() throws Exception {
        String member = newMember("software");
        for (int i = 0; i < 3; i++) {
            Fixtures.asIngest()
                    .body(batch(event(fresh("replay"), member, "POST_SHARED", 1)))
                    .post("/api/v1/activities")
                    .then()
                    .statusCode(200);
        }
        Map<Long, String> feed = feed();
        long last = feed.keySet().stream().mapToLong(Long::longValue).max().orElseThrow();
        awaitRelayPosition(last);

        // What a relay that died after the broker's acknowledgement, before its commit, leaves behind.
        try (Connection db = database()) {
            db.createStatement()
                    .executeUpdate("update activity.feed_relay set position = " + (last - 3) + " where topic = '"
                            + TOPIC + "'");
        }
        awaitRelayPosition(last);

        Map<Long, Integer> copies = new TreeMap<>();
        readUntilPublished(feed.keySet(), record -> copies.merge(seqOf(record), 1, Integer::sum));
        for (long seq = last - 2; seq <= last; seq++) {
            assertTrue(copies.get(seq) >= 2, "seq " + seq + " published again: " + copies.get(seq));
        }
    }

    @Test
    void a_change_made_in_a_traced_request_carries_its_traceparent_in_a_record_header() throws Exception {
        String member = newMember("software");
        long untraced = lastSeqOf(member);
        String traceparent = "00-" + randomHex(32) + "-" + randomHex(16) + "-01";
        long traced;
        // What ChangeFeedRepository.append stores inside a traced request (these tests run with tracing off).
        try (Connection db = database();
                ResultSet row = db.createStatement()
                        .executeQuery("insert into activity.member_change (member_id, reason, traceparent) values ('"
                                + member + "', 'activity', '" + traceparent + "') returning seq")) {
            row.next();
            traced = row.getLong(1);
        }

        Map<Long, ConsumerRecord<String, String>> published = readUntilPublished(Set.of(untraced, traced));

        ConsumerRecord<String, String> record = published.get(traced);
        assertEquals(traceparent, FeedTrace.of(record), "the row's traceparent in the header");
        assertEquals(
                traceparent, JSON.readTree(record.value()).path("traceparent").asText());
        assertNull(FeedTrace.of(published.get(untraced)), "no header for a change made untraced");
        assertFalse(JSON.readTree(published.get(untraced).value()).has("traceparent"));
    }

    private static String randomHex(int digits) {
        StringBuilder hex = new StringBuilder(digits);
        java.util.concurrent.ThreadLocalRandom random = java.util.concurrent.ThreadLocalRandom.current();
        while (hex.length() < digits) {
            hex.append(Character.forDigit(random.nextInt(16), 16));
        }
        return hex.toString();
    }

    private static long lastSeqOf(String member) throws SQLException {
        try (Connection db = database();
                ResultSet row = db.createStatement()
                        .executeQuery(
                                "select max(seq) from activity.member_change where member_id = '" + member + "'")) {
            row.next();
            return row.getLong(1);
        }
    }

    private static void awaitRelayPosition(long position) throws Exception {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(20));
        while (relayPosition() != position && Instant.now().isBefore(deadline)) {
            Thread.sleep(100);
        }
        assertEquals(position, relayPosition(), "the relay's position");
    }

    private static long seqOf(ConsumerRecord<String, String> record) {
        try {
            return JSON.readTree(record.value()).get("seq").asLong();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** Every record of the topic, by feed seq, read from the start until each of the seqs is there. */
    private static Map<Long, ConsumerRecord<String, String>> readUntilPublished(Set<Long> seqs) throws Exception {
        return readUntilPublished(seqs, record -> {});
    }

    /** The same, showing every record read (copies included) to {@code each}, to the end of the topic. */
    private static Map<Long, ConsumerRecord<String, String>> readUntilPublished(
            Set<Long> seqs, java.util.function.Consumer<ConsumerRecord<String, String>> each) throws Exception {
        Map<String, Object> settings = Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, KafkaTestResource.bootstrapServers(),
                ConsumerConfig.GROUP_ID_CONFIG, fresh("relay-test"),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        Map<Long, ConsumerRecord<String, String>> bySeq = new TreeMap<>();
        try (KafkaConsumer<String, String> consumer =
                new KafkaConsumer<>(settings, new StringDeserializer(), new StringDeserializer())) {
            consumer.subscribe(List.of(TOPIC));
            Instant deadline = Instant.now().plus(Duration.ofSeconds(60));
            boolean more = true;
            while ((more || !bySeq.keySet().containsAll(seqs)) && Instant.now().isBefore(deadline)) {
                var records = consumer.poll(Duration.ofMillis(500));
                more = !records.isEmpty();
                for (ConsumerRecord<String, String> record : records) {
                    bySeq.putIfAbsent(seqOf(record), record);
                    each.accept(record);
                }
            }
        }
        Set<Long> missing = new TreeSet<>(seqs);
        missing.removeAll(bySeq.keySet());
        assertEquals(Set.of(), missing, "every change of the feed is on the topic");
        return bySeq;
    }

    private static Connection database() throws SQLException {
        Config config = ConfigProvider.getConfig();
        return DriverManager.getConnection(
                config.getValue("quarkus.datasource.jdbc.url", String.class),
                config.getValue("quarkus.datasource.username", String.class),
                config.getOptionalValue("quarkus.datasource.password", String.class)
                        .orElse(""));
    }

    private static Map<Long, String> feed() throws SQLException {
        Map<Long, String> feed = new TreeMap<>();
        try (Connection db = database();
                ResultSet rows = db.createStatement()
                        .executeQuery("select seq, member_id from activity.member_change order by seq")) {
            while (rows.next()) {
                feed.put(rows.getLong(1), rows.getString(2));
            }
        }
        return feed;
    }

    private static long relayPosition() throws SQLException {
        try (Connection db = database();
                ResultSet row = db.createStatement()
                        .executeQuery("select position from activity.feed_relay where topic = '" + TOPIC + "'")) {
            return row.next() ? row.getLong(1) : 0;
        }
    }
}
