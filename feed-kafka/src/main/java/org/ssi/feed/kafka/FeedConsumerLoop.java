package org.ssi.feed.kafka;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.kafka.KafkaClientMetrics;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.CloseOptions;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.jboss.logging.Logger;

/**
 * Consumes a change feed topic at least once: each poll goes to the service's {@link Batch}, which applies it in the
 * service's own transaction, and the offsets are committed only after that transaction, so a crash replays the
 * records after the last commit and the service applies them idempotently. The records are keyed by member id, so
 * one member's changes are in one partition and applied in order.
 *
 * <p>A poll whose batch fails is applied again one record at a time, each committed on its own, so that the good
 * records go through and the failing one is found. A failing record holds its partition back (the later records of
 * the partition wait behind it, in order) and is tried again after a pause that doubles up to 30 s; once it has failed
 * {@code maxAttempts} times on its own, it goes to the dead-letter topic {@code <topic>.dead-letters} with its key,
 * value and timestamp and headers that say why ({@link #EXCEPTION_CLASS}, {@link #EXCEPTION_MESSAGE}) and where it
 * came from ({@link #ORIGINAL_TOPIC}, {@link #ORIGINAL_PARTITION}, {@link #ORIGINAL_OFFSET}, {@link #ATTEMPTS},
 * {@link #CONSUMER_GROUP}), and the partition moves on. A record is committed past only once it is applied or the
 * broker has acknowledged its dead letter: nothing is lost, and a good record is never dead-lettered.
 *
 * <p>A daemon thread polls until {@link #stop()}. No automatic commits; a new group starts at the earliest offset; a
 * replica that died gives up its partitions after 10 s. {@link #alive()} is false once the thread has died (an error
 * the loop cannot handle, logged) or has not polled for longer than the consumer's {@code max.poll.interval.ms}
 * (after which the group has dropped it anyway): the service's liveness check reports it DOWN. Metrics, tagged with
 * the topic: {@code ssi.feed.consumer.records} (records applied and committed), {@code ssi.feed.consumer.alive} (1 or
 * 0), {@code ssi.feed.dead.letters} (records sent to the dead-letter topic), the follower's {@link FeedLag} and the
 * consumer's own.
 */
public final class FeedConsumerLoop {

    private static final Logger LOG = Logger.getLogger(FeedConsumerLoop.class);
    private static final Duration POLL_TIMEOUT = Duration.ofMillis(500);
    private static final Duration RETRY_PAUSE = Duration.ofSeconds(1);
    private static final Duration LONGEST_RETRY_PAUSE = Duration.ofSeconds(30);
    private static final int SESSION_TIMEOUT_MS = 10_000;
    private static final int MAX_POLL_INTERVAL_MS = 300_000;
    private static final int MESSAGE_LIMIT = 1_000;
    private static final long ACK_TIMEOUT_SECONDS = 30;

    /** The suffix of a topic's dead-letter topic. */
    public static final String DEAD_LETTERS = ".dead-letters";

    /** Dead-letter headers (UTF-8 text): the exception of the last attempt, its class and its message. */
    public static final String EXCEPTION_CLASS = "ssi.dead-letter.exception-class";

    public static final String EXCEPTION_MESSAGE = "ssi.dead-letter.exception-message";

    /** Dead-letter headers: where the record was, how often it was tried, and by which consumer group. */
    public static final String ORIGINAL_TOPIC = "ssi.dead-letter.original-topic";

    public static final String ORIGINAL_PARTITION = "ssi.dead-letter.original-partition";
    public static final String ORIGINAL_OFFSET = "ssi.dead-letter.original-offset";
    public static final String ATTEMPTS = "ssi.dead-letter.attempts";
    public static final String CONSUMER_GROUP = "ssi.dead-letter.consumer-group";

    /** Applies the records of one poll in the service's own transaction, and returns once that has committed. */
    @FunctionalInterface
    public interface Batch {
        void apply(ConsumerRecords<String, String> records) throws Exception;
    }

    /**
     * @param topic what is consumed
     * @param groupId the consumer group
     * @param maxPollRecords records per poll, and so per transaction
     * @param threadName the loop's thread
     * @param applying what applying is called in the log: "{@code applying} 3 {@code records} failed, …"
     * @param records what the records are called in the log
     * @param follower the follower's name on the lag gauges ({@link FeedLag})
     * @param maxAttempts how often a record is applied on its own before it goes to the dead-letter topic
     */
    public record Settings(
            String topic,
            String groupId,
            int maxPollRecords,
            String threadName,
            String applying,
            String records,
            String follower,
            int maxAttempts) {

        public String deadLetterTopic() {
            return topic + DEAD_LETTERS;
        }
    }

    /** The record of a partition that failed on its own, and how often. */
    private record Failure(long offset, int attempts) {}

    private final Settings settings;
    private final Batch batch;
    private final ConsumerRebalanceListener rebalance;
    private final KafkaConsumer<String, String> consumer;
    private final KafkaProducer<String, String> deadLetters;
    private final long pollLimitNanos;
    private final Counter applied;
    private final Counter deadLettered;
    private final FeedLag lag;
    private final Map<TopicPartition, Failure> failures = new HashMap<>();
    private volatile boolean running;
    private volatile long lastPollNanos = System.nanoTime();
    private Thread worker;

    /** Creates the consumer and the meters; {@link #start()} subscribes and begins polling. */
    public FeedConsumerLoop(Settings settings, Batch batch, Map<String, Object> kafka, MeterRegistry registry) {
        this(settings, batch, new KeepCommittedOffsets(), kafka, registry);
    }

    /** The same, with a listener told of partitions assigned and revoked (on the loop's thread, within a poll). */
    public FeedConsumerLoop(
            Settings settings,
            Batch batch,
            ConsumerRebalanceListener rebalance,
            Map<String, Object> kafka,
            MeterRegistry registry) {
        this.settings = settings;
        this.batch = batch;
        this.rebalance = rebalance;
        Map<String, Object> config = consumerConfig(kafka);
        this.pollLimitNanos = TimeUnit.MILLISECONDS.toNanos(Long.parseLong(
                config.get(ConsumerConfig.MAX_POLL_INTERVAL_MS_CONFIG).toString()));
        this.consumer = new KafkaConsumer<>(config, new StringDeserializer(), new StringDeserializer());
        this.deadLetters = new KafkaProducer<>(producerConfig(kafka), new StringSerializer(), new StringSerializer());
        new KafkaClientMetrics(consumer).bindTo(registry);
        this.applied = Counter.builder("ssi.feed.consumer.records")
                .description("Records applied and committed")
                .tag("topic", settings.topic())
                .register(registry);
        this.deadLettered = Counter.builder("ssi.feed.dead.letters")
                .description("Records that failed every attempt and went to the dead-letter topic")
                .tag("topic", settings.topic())
                .register(registry);
        Gauge.builder("ssi.feed.consumer.alive", this, loop -> loop.alive() ? 1 : 0)
                .description("1 while the consumer's loop runs and polls, 0 once it has died or stalled")
                .tag("topic", settings.topic())
                .strongReference(true)
                .register(registry);
        this.lag = new FeedLag(settings.follower(), registry);
    }

    public void start() {
        running = true;
        worker = new Thread(this::consumeUntilStopped, settings.threadName());
        worker.setDaemon(true);
        worker.start();
        LOG.infof("Consuming Kafka topic %s in group %s", settings.topic(), settings.groupId());
    }

    /** Wakes the consumer out of its poll and waits (up to ten seconds) for the loop to close it. */
    public void stop() throws InterruptedException {
        running = false;
        consumer.wakeup();
        if (worker != null) {
            worker.join(Duration.ofSeconds(10).toMillis());
        }
        deadLetters.close(Duration.ofSeconds(5));
    }

    /** Whether the loop runs and has polled within the consumer's {@code max.poll.interval.ms}. */
    public boolean alive() {
        return running && worker != null && worker.isAlive() && System.nanoTime() - lastPollNanos < pollLimitNanos;
    }

    public Settings settings() {
        return settings;
    }

    /** Where the next poll reads a partition from; only from the rebalance listener, which runs on the loop's thread. */
    public void seek(TopicPartition partition, long offset) {
        consumer.seek(partition, offset);
    }

    /**
     * The group's committed offset of a partition, 0 when none: past what was applied or dead-lettered. Only from the
     * rebalance listener, which runs on the loop's thread.
     */
    public long committed(TopicPartition partition) {
        OffsetAndMetadata committed = consumer.committed(Set.of(partition)).get(partition);
        return committed == null ? 0 : committed.offset();
    }

    /** Per partition of the records, the offset after its last record: what is committed once they are applied. */
    public static Map<TopicPartition, OffsetAndMetadata> nextOffsets(ConsumerRecords<String, String> records) {
        Map<TopicPartition, OffsetAndMetadata> offsets = new HashMap<>();
        for (TopicPartition partition : records.partitions()) {
            List<ConsumerRecord<String, String>> inPartition = records.records(partition);
            offsets.put(
                    partition,
                    new OffsetAndMetadata(
                            inPartition.get(inPartition.size() - 1).offset() + 1));
        }
        return offsets;
    }

    private Map<String, Object> consumerConfig(Map<String, Object> kafka) {
        Map<String, Object> config = new HashMap<>(kafka);
        config.putIfAbsent(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, "localhost:9092");
        config.put(ConsumerConfig.GROUP_ID_CONFIG, settings.groupId());
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        config.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        // A replica that died gives up its partitions after 10 s rather than Kafka's 45 s (kafka.session.timeout.ms).
        config.putIfAbsent(ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG, SESSION_TIMEOUT_MS);
        config.putIfAbsent(ConsumerConfig.MAX_POLL_INTERVAL_MS_CONFIG, MAX_POLL_INTERVAL_MS);
        config.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, settings.maxPollRecords());
        return config;
    }

    private Map<String, Object> producerConfig(Map<String, Object> kafka) {
        Map<String, Object> config = new HashMap<>();
        config.put(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
                kafka.getOrDefault(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, "localhost:9092"));
        config.put(ProducerConfig.CLIENT_ID_CONFIG, settings.threadName() + "-dead-letters");
        config.put(ProducerConfig.ACKS_CONFIG, "all");
        config.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        config.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, 10_000);
        return config;
    }

    private void consumeUntilStopped() {
        try {
            consumer.subscribe(List.of(settings.topic()), rebalance);
            while (running) {
                ConsumerRecords<String, String> records = consumer.poll(POLL_TIMEOUT);
                lastPollNanos = System.nanoTime();
                measureLag(records);
                if (!records.isEmpty()) {
                    applyOrNarrow(records);
                }
            }
        } catch (WakeupException e) {
            // stopping
        } catch (Throwable e) {
            // the pod stays up: its liveness check reports the dead loop, and the restart resumes from the commits
            LOG.errorf(e, "The consumer of %s died; liveness reports it DOWN", settings.topic());
            throw e;
        } finally {
            consumer.close(CloseOptions.timeout(Duration.ofSeconds(5)));
        }
    }

    /** Applies a poll in one batch; when that fails, one record at a time. */
    private void applyOrNarrow(ConsumerRecords<String, String> records) {
        if (records.count() > 1) {
            try {
                applyAndCommit(records);
                records.partitions().forEach(failures::remove);
                return;
            } catch (WakeupException e) {
                throw e;
            } catch (Exception e) {
                LOG.warnf(
                        "%s %d %s failed, applying them one by one: %s",
                        settings.applying(), records.count(), settings.records(), e.getMessage());
            }
        }
        applyOneByOne(records);
    }

    private void applyAndCommit(ConsumerRecords<String, String> records) throws Exception {
        batch.apply(records);
        consumer.commitSync(nextOffsets(records));
        applied.increment(records.count());
    }

    /**
     * Each record on its own, in partition order; a record that fails holds its partition back: the partition goes
     * back to it, and the next poll reads it again after a pause.
     */
    private void applyOneByOne(ConsumerRecords<String, String> records) {
        int mostAttempts = 0;
        for (TopicPartition partition : records.partitions()) {
            for (ConsumerRecord<String, String> record : records.records(partition)) {
                if (!appliedOrDeadLettered(partition, record)) {
                    if (consumer.assignment().contains(partition)) {
                        consumer.seek(partition, record.offset());
                    }
                    mostAttempts =
                            Math.max(mostAttempts, failures.get(partition).attempts());
                    break;
                }
            }
        }
        if (mostAttempts > 0) {
            Pause.sleep(retryPause(mostAttempts));
        }
    }

    /** Applies a record alone; answers whether the partition may move past it (applied, or its dead letter sent). */
    private boolean appliedOrDeadLettered(TopicPartition partition, ConsumerRecord<String, String> record) {
        try {
            applyAndCommit(new ConsumerRecords<>(Map.of(partition, List.of(record)), Map.of()));
            failures.remove(partition);
            return true;
        } catch (WakeupException e) {
            throw e;
        } catch (Exception e) {
            Failure before = failures.get(partition);
            int attempts = before != null && before.offset() == record.offset() ? before.attempts() + 1 : 1;
            failures.put(partition, new Failure(record.offset(), attempts));
            if (attempts < settings.maxAttempts()) {
                LOG.warnf(
                        "%s the %s at %s failed (attempt %d of %d), trying it again: %s",
                        settings.applying(), settings.records(), position(record), attempts, settings.maxAttempts(), e);
                return false;
            }
            return deadLetter(partition, record, e, attempts);
        }
    }

    /** Sends the record to the dead-letter topic, waits for the broker, then commits past it. */
    private boolean deadLetter(
            TopicPartition partition, ConsumerRecord<String, String> record, Exception failure, int attempts) {
        ProducerRecord<String, String> letter = new ProducerRecord<>(
                settings.deadLetterTopic(), null, record.timestamp(), record.key(), record.value());
        Headers headers = letter.headers();
        header(headers, EXCEPTION_CLASS, failure.getClass().getName());
        header(headers, EXCEPTION_MESSAGE, message(failure));
        header(headers, ORIGINAL_TOPIC, record.topic());
        header(headers, ORIGINAL_PARTITION, String.valueOf(record.partition()));
        header(headers, ORIGINAL_OFFSET, String.valueOf(record.offset()));
        String traceparent = FeedTrace.of(record);
        if (traceparent != null) {
            header(headers, FeedTrace.HEADER, traceparent);
        }
        header(headers, ATTEMPTS, String.valueOf(attempts));
        header(headers, CONSUMER_GROUP, settings.groupId());
        try {
            deadLetters.send(letter).get(ACK_TIMEOUT_SECONDS, TimeUnit.SECONDS);
            consumer.commitSync(Map.of(partition, new OffsetAndMetadata(record.offset() + 1)));
        } catch (Exception e) {
            LOG.errorf(
                    "The %s at %s could not go to %s; it is read again: %s",
                    settings.records(), position(record), settings.deadLetterTopic(), e);
            return false;
        }
        failures.remove(partition);
        deadLettered.increment();
        LOG.errorf(
                "The %s at %s failed %d times and went to %s: %s",
                settings.records(), position(record), attempts, settings.deadLetterTopic(), failure);
        return true;
    }

    private static void header(Headers headers, String name, String value) {
        headers.add(name, value.getBytes(StandardCharsets.UTF_8));
    }

    private static String message(Exception failure) {
        String message = String.valueOf(failure.getMessage());
        return message.length() <= MESSAGE_LIMIT ? message : message.substring(0, MESSAGE_LIMIT);
    }

    private static String position(ConsumerRecord<String, String> record) {
        return record.topic() + "-" + record.partition() + "@" + record.offset();
    }

    private static Duration retryPause(int attempts) {
        long seconds = RETRY_PAUSE.toSeconds() << Math.min(attempts - 1, 10);
        return seconds < LONGEST_RETRY_PAUSE.toSeconds() ? Duration.ofSeconds(seconds) : LONGEST_RETRY_PAUSE;
    }

    /**
     * After a poll (on the loop's thread, as the consumer must be used): the entries behind the consumer's position
     * and the records just read, the oldest of which is the oldest not applied yet.
     */
    private void measureLag(ConsumerRecords<String, String> records) {
        long behind = records.count();
        for (TopicPartition partition : consumer.assignment()) {
            behind += consumer.currentLag(partition).orElse(0);
        }
        Instant oldest = null;
        for (TopicPartition partition : records.partitions()) {
            Instant first =
                    Instant.ofEpochMilli(records.records(partition).get(0).timestamp());
            oldest = oldest == null || first.isBefore(oldest) ? first : oldest;
        }
        if (oldest != null || behind == 0) {
            lag.behind(behind, oldest);
        }
    }

    /** Without a listener of its own, the consumer resumes from the group's committed offsets. */
    private static final class KeepCommittedOffsets implements ConsumerRebalanceListener {

        @Override
        public void onPartitionsAssigned(Collection<TopicPartition> partitions) {}

        @Override
        public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
            // offsets are committed after each poll's transaction; nothing is pending here
        }
    }
}
