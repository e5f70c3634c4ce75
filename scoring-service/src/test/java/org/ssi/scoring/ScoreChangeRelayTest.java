package org.ssi.scoring;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.quarkus.test.oidc.server.OidcWiremockTestResource;
import io.quarkus.vertx.VertxContextSupport;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.inject.Inject;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.UUID;
import java.util.function.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.Test;
import org.ssi.devstack.KafkaTestResource;
import org.ssi.devstack.PostgresTestResource;
import org.ssi.feed.kafka.FeedTrace;
import org.ssi.scoring.model.MemberInputs;
import org.ssi.scoring.score.service.ScoringService;

/**
 * With {@code ssi.feed.transport=kafka}, on a real broker and database: the relay publishes every score change to
 * {@code ssi.score-changes} on the reactive pool, keyed by member id, each member's changes in one partition and in
 * feed order, and moves its position ({@code feed_cursor} row {@code relay:ssi.score-changes}) once the broker has
 * them; a round whose position was lost is published again (at least once); a change's traceparent goes with it as
 * the record's {@code traceparent} header.
 */
@QuarkusTest
@TestProfile(ActivityChangeConsumerTest.ActivityServiceStubbed.class)
@QuarkusTestResource(PostgresTestResource.class)
@QuarkusTestResource(OidcWiremockTestResource.class)
@QuarkusTestResource(value = KafkaTestResource.class, restrictToAnnotatedClass = true)
class ScoreChangeRelayTest {

    private static final String TOPIC = "ssi.score-changes";
    private static final String POSITION = "relay:" + TOPIC;
    private static final ObjectMapper JSON = new ObjectMapper();

    @Inject
    ScoringService scoring;

    @Inject
    Pool pool;

    @Test
    void publishes_every_score_change_keyed_by_member_in_feed_order_and_moves_its_position_after_the_acks()
            throws Throwable {
        List<String> members = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
            members.add("relay-" + UUID.randomUUID());
        }
        for (int round = 1; round <= 3; round++) {
            score(members, round);
        }
        Map<Long, String> feed = feed(members);
        assertEquals(36, feed.size(), "a change per member and round");

        Map<Long, ConsumerRecord<String, String>> published = readUntilPublished(feed.keySet(), record -> {});

        Map<String, Set<Integer>> partitionsOfMember = new HashMap<>();
        Map<Integer, Long> lastSeqOfPartition = new HashMap<>();
        for (ConsumerRecord<String, String> record : published.values().stream()
                .sorted(Comparator.comparingLong(ConsumerRecord::offset))
                .toList()) {
            long seq = seqOf(record);
            if (!feed.containsKey(seq)) {
                continue;
            }
            JsonNode change = JSON.readTree(record.value());
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
        long last = feed.keySet().stream().mapToLong(Long::longValue).max().orElseThrow();
        awaitPositionAtLeast(last);
    }

    @Test
    void a_relay_that_lost_its_last_round_publishes_it_again_and_loses_nothing() throws Throwable {
        String member = "relay-" + UUID.randomUUID();
        for (int round = 1; round <= 3; round++) {
            score(List.of(member), round);
        }
        Map<Long, String> feed = feed(List.of(member));
        long last = feed.keySet().stream().mapToLong(Long::longValue).max().orElseThrow();
        awaitPositionAtLeast(last);

        // What a relay that died after the broker's acknowledgement, before its commit, leaves behind.
        long end = lastSeq();
        pool.preparedQuery("update scoring.feed_cursor set position = $1 where feed = $2")
                .execute(Tuple.of(last - 3, POSITION))
                .await()
                .indefinitely();
        awaitPositionAtLeast(end);

        Map<Long, Integer> copies = new TreeMap<>();
        readUntilPublished(feed.keySet(), record -> copies.merge(seqOf(record), 1, Integer::sum));
        for (long seq : feed.keySet()) {
            assertTrue(copies.get(seq) >= 2, "seq " + seq + " published again: " + copies.get(seq));
        }
    }

    @Test
    void a_change_made_in_a_traced_request_carries_its_traceparent_in_a_record_header() throws Throwable {
        String member = "relay-" + UUID.randomUUID();
        score(List.of(member), 1);
        long untraced = feed(List.of(member)).keySet().iterator().next();
        String traceparent = "00-" + "4bf92f3577b34da6a3ce929d0e0e4736" + "-" + "00f067aa0ba902b7" + "-01";
        // What ScoreFeedRepository.append stores inside a traced request (these tests run with tracing off).
        long traced = pool.preparedQuery("insert into scoring.score_change (member_id, industry, day, score,"
                        + " traceparent) values ($1, 'software', $2, 1, $3) returning seq")
                .execute(Tuple.of(member, LocalDate.now(ZoneOffset.UTC), traceparent))
                .await()
                .indefinitely()
                .iterator()
                .next()
                .getLong(0);

        Map<Long, ConsumerRecord<String, String>> published =
                readUntilPublished(Set.of(untraced, traced), record -> {});

        ConsumerRecord<String, String> record = published.get(traced);
        assertEquals(traceparent, FeedTrace.of(record), "the row's traceparent in the header");
        assertEquals(
                traceparent, JSON.readTree(record.value()).path("traceparent").asText());
        assertNull(FeedTrace.of(published.get(untraced)), "no header for a change made untraced");
        assertFalse(JSON.readTree(published.get(untraced).value()).has("traceparent"));
    }

    /** Today's score of each member, different in each round, so each round appends a change per member. */
    private void score(List<String> members, long round) throws Throwable {
        List<MemberInputs> inputs = new ArrayList<>();
        for (String member : members) {
            inputs.add(new MemberInputs(
                    member,
                    "software",
                    "SENIOR",
                    "team-relay",
                    null,
                    LocalDate.now(ZoneOffset.UTC),
                    Map.of("LEAD_SEARCH", round * 40),
                    Map.of(),
                    0,
                    Map.of()));
        }
        VertxContextSupport.subscribeAndAwait(() -> scoring.record(inputs));
    }

    private Map<Long, String> feed(List<String> members) {
        Map<Long, String> feed = new TreeMap<>();
        for (Row row : pool.preparedQuery(
                        "select seq, member_id from scoring.score_change" + " where member_id = any($1) order by seq")
                .execute(Tuple.of(members.toArray(String[]::new)))
                .await()
                .indefinitely()) {
            feed.put(row.getLong(0), row.getString(1));
        }
        return feed;
    }

    private long lastSeq() {
        return pool.query("select coalesce(max(seq), 0) from scoring.score_change")
                .execute()
                .await()
                .indefinitely()
                .iterator()
                .next()
                .getLong(0);
    }

    private long position() {
        var rows = pool.preparedQuery("select position from scoring.feed_cursor where feed = $1")
                .execute(Tuple.of(POSITION))
                .await()
                .indefinitely();
        return rows.size() == 0 ? 0 : rows.iterator().next().getLong(0);
    }

    private void awaitPositionAtLeast(long seq) throws InterruptedException {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(30));
        while (position() < seq && Instant.now().isBefore(deadline)) {
            Thread.sleep(100);
        }
        assertTrue(position() >= seq, "the relay's position reaches " + seq + ": " + position());
    }

    private static long seqOf(ConsumerRecord<String, String> record) {
        try {
            return JSON.readTree(record.value()).get("seq").asLong();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Every record of the topic, by feed seq, read from the start until each of the seqs is there. */
    private static Map<Long, ConsumerRecord<String, String>> readUntilPublished(
            Set<Long> seqs, Consumer<ConsumerRecord<String, String>> each) {
        Map<String, Object> settings = Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
                KafkaTestResource.bootstrapServers(),
                ConsumerConfig.GROUP_ID_CONFIG,
                "relay-test-" + UUID.randomUUID(),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG,
                "earliest");
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
}
