package org.ssi.feed.kafka;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.ssi.devstack.KafkaTestResource;

/**
 * The consumer loop on a real broker (devstack's, one per test JVM), each test on topics of its own with one
 * partition, so that the records' order is the partition's. The batch stands for a service's transaction: it applies
 * all of a poll's records or none.
 */
class FeedConsumerLoopTest {

    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final String TRACEPARENT = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01";

    private final String topic = "loop-test-" + UUID.randomUUID();
    private final MeterRegistry registry = new SimpleMeterRegistry();
    private final List<String> stored = new CopyOnWriteArrayList<>();
    private FeedConsumerLoop loop;

    @AfterEach
    void stopTheLoop() throws InterruptedException {
        if (loop != null) {
            loop.stop();
        }
    }

    @Test
    void a_record_that_fails_every_attempt_goes_to_the_dead_letters_with_its_error_and_the_others_are_applied_once()
            throws Exception {
        createTopics(topic, topic + FeedConsumerLoop.DEAD_LETTERS);
        send("m-1:good-1", "m-1:poison", "m-1:good-2", "m-1:good-3");

        loop = loop(3, this::storeAllOrNone);
        loop.start();

        await(() -> stored.size() == 3, "the good records are applied");
        assertEquals(List.of("m-1:good-1", "m-1:good-2", "m-1:good-3"), stored, "each good record once, in order");
        ConsumerRecord<String, String> letter = readOne(topic + FeedConsumerLoop.DEAD_LETTERS);
        assertEquals("m-1:poison", letter.value());
        assertEquals("m-1", letter.key());
        assertEquals(IllegalArgumentException.class.getName(), header(letter, FeedConsumerLoop.EXCEPTION_CLASS));
        assertEquals("not a change: m-1:poison", header(letter, FeedConsumerLoop.EXCEPTION_MESSAGE));
        assertEquals(topic, header(letter, FeedConsumerLoop.ORIGINAL_TOPIC));
        assertEquals("0", header(letter, FeedConsumerLoop.ORIGINAL_PARTITION));
        assertEquals("1", header(letter, FeedConsumerLoop.ORIGINAL_OFFSET));
        assertEquals("3", header(letter, FeedConsumerLoop.ATTEMPTS));
        assertEquals(TRACEPARENT, header(letter, FeedTrace.HEADER), "the request that made the change");
        assertEquals(
                1.0,
                registry.get("ssi.feed.dead.letters")
                        .tag("topic", topic)
                        .counter()
                        .count());
        await(() -> committed() == 4, "the partition is committed past every record");
        await(() -> lagEntries() == 0, "the follower is caught up");
        assertEquals(0.0, lagSeconds());
    }

    @Test
    void a_record_that_fails_only_in_its_batch_is_not_dead_lettered() throws Exception {
        createTopics(topic, topic + FeedConsumerLoop.DEAD_LETTERS);
        // the first attempt at the batch fails (a deadlock, say); alone, every record applies
        List<Integer> batchSizes = new CopyOnWriteArrayList<>();
        loop = loop(2, records -> {
            batchSizes.add(records.count());
            if (batchSizes.size() == 1) {
                throw new IllegalStateException("deadlock detected");
            }
            storeAllOrNone(records);
        });
        send("m-2:a", "m-2:b", "m-2:c");
        loop.start();

        await(() -> stored.size() == 3, "every record is applied");
        assertEquals(List.of("m-2:a", "m-2:b", "m-2:c"), stored);
        assertEquals(
                0.0,
                registry.get("ssi.feed.dead.letters")
                        .tag("topic", topic)
                        .counter()
                        .count());
        await(() -> committed() == 3, "the partition is committed past every record");
    }

    @Test
    void the_lag_counts_the_records_not_applied_yet_and_is_zero_once_they_are() throws Exception {
        createTopics(topic);
        CountDownLatch release = new CountDownLatch(1);
        send("m-3:a", "m-3:b", "m-3:c");
        loop = loop(3, records -> {
            release.await(WAIT.toSeconds(), TimeUnit.SECONDS);
            storeAllOrNone(records);
        });
        assertEquals(0, lagEntries());
        loop.start();

        await(() -> lagEntries() == 3, "the three records wait");
        assertTrue(lagSeconds() > 0, "the oldest waiting record has an age");
        release.countDown();
        await(() -> stored.size() == 3 && lagEntries() == 0, "the records are applied and the lag is gone");
        assertEquals(0.0, lagSeconds());
    }

    @Test
    void a_loop_that_dies_is_no_longer_alive_and_says_so_on_its_gauge() throws Exception {
        createTopics(topic);
        loop = loop(3, records -> {
            throw new AssertionError("a bug the loop cannot handle");
        });
        loop.start();
        await(() -> loop.alive() && alive() == 1.0, "the loop polls");

        send("m-4:a");

        await(() -> !loop.alive(), "the loop has died");
        assertEquals(0.0, alive());
    }

    // ---------------------------------------------------------------------------------------------------------------

    private FeedConsumerLoop loop(int maxAttempts, FeedConsumerLoop.Batch batch) {
        return new FeedConsumerLoop(
                new FeedConsumerLoop.Settings(
                        topic, topic + "-group", 100, topic + "-loop", "Applying", "changes", topic, maxAttempts),
                batch,
                Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, KafkaTestResource.bootstrapServers()),
                registry);
    }

    /** The stand-in for a transaction: a poll with a poison record stores nothing. */
    private void storeAllOrNone(ConsumerRecords<String, String> records) {
        List<String> values = new ArrayList<>();
        for (ConsumerRecord<String, String> record : records) {
            if (record.value().contains("poison")) {
                throw new IllegalArgumentException("not a change: " + record.value());
            }
            values.add(record.value());
        }
        stored.addAll(values);
    }

    private static void createTopics(String... names) throws Exception {
        try (Admin admin = Admin.create(
                Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, KafkaTestResource.bootstrapServers()))) {
            List<NewTopic> topics = new ArrayList<>();
            for (String name : names) {
                topics.add(new NewTopic(name, 1, (short) 1));
            }
            admin.createTopics(topics).all().get(30, TimeUnit.SECONDS);
        }
    }

    /** Each value keyed by the member before its colon, made (as every change here) in the request TRACEPARENT. */
    private void send(String... values) throws Exception {
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(
                Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, KafkaTestResource.bootstrapServers()),
                new StringSerializer(),
                new StringSerializer())) {
            for (String value : values) {
                ProducerRecord<String, String> record =
                        new ProducerRecord<>(topic, value.substring(0, value.indexOf(':')), value);
                record.headers().add(FeedTrace.HEADER, TRACEPARENT.getBytes(StandardCharsets.US_ASCII));
                producer.send(record).get(30, TimeUnit.SECONDS);
            }
        }
    }

    private static ConsumerRecord<String, String> readOne(String from) {
        try (KafkaConsumer<String, String> reader = new KafkaConsumer<>(
                Map.of(
                        ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
                        KafkaTestResource.bootstrapServers(),
                        ConsumerConfig.GROUP_ID_CONFIG,
                        "reader-" + UUID.randomUUID(),
                        ConsumerConfig.AUTO_OFFSET_RESET_CONFIG,
                        "earliest"),
                new StringDeserializer(),
                new StringDeserializer())) {
            reader.subscribe(List.of(from));
            List<ConsumerRecord<String, String>> read = new ArrayList<>();
            Instant deadline = Instant.now().plus(WAIT);
            while (read.isEmpty() && Instant.now().isBefore(deadline)) {
                reader.poll(Duration.ofMillis(500)).forEach(read::add);
            }
            assertEquals(1, read.size(), "one dead letter in " + from);
            return read.get(0);
        }
    }

    private static String header(ConsumerRecord<String, String> record, String name) {
        return new String(record.headers().lastHeader(name).value(), StandardCharsets.UTF_8);
    }

    private long committed() throws Exception {
        try (Admin admin = Admin.create(
                Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, KafkaTestResource.bootstrapServers()))) {
            Map<TopicPartition, OffsetAndMetadata> offsets = admin.listConsumerGroupOffsets(topic + "-group")
                    .partitionsToOffsetAndMetadata()
                    .get(30, TimeUnit.SECONDS);
            OffsetAndMetadata offset = offsets.get(new TopicPartition(topic, 0));
            return offset == null ? -1 : offset.offset();
        }
    }

    private double lagEntries() {
        return registry.get("ssi.feed.lag.entries")
                .tag("follower", topic)
                .gauge()
                .value();
    }

    private double lagSeconds() {
        return registry.get("ssi.feed.lag.seconds")
                .tag("follower", topic)
                .gauge()
                .value();
    }

    private double alive() {
        return registry.get("ssi.feed.consumer.alive")
                .tag("topic", topic)
                .gauge()
                .value();
    }

    private static void await(ThrowingCondition condition, String what) throws Exception {
        Instant deadline = Instant.now().plus(WAIT);
        while (!condition.holds()) {
            if (Instant.now().isAfter(deadline)) {
                fail("not within " + WAIT + ": " + what);
            }
            Thread.sleep(100);
        }
    }

    @FunctionalInterface
    private interface ThrowingCondition {
        boolean holds() throws Exception;
    }
}
