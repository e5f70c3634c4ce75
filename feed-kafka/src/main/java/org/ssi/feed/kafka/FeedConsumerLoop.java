package org.ssi.feed.kafka;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.kafka.KafkaClientMetrics;
import java.time.Duration;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.CloseOptions;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.jboss.logging.Logger;

/**
 * Consumes a change feed topic at least once: each poll goes to the service's {@link Batch}, which applies it in the
 * service's own transaction, and the offsets are committed only after that transaction, so a crash replays the
 * records after the last commit and the service applies them idempotently. A poll whose batch fails is read again:
 * each of its partitions goes back to the poll's first offset, and the loop pauses. The records are keyed by member
 * id, so one member's changes are in one partition and applied in order.
 *
 * <p>A daemon thread polls until {@link #stop()}. No automatic commits; a new group starts at the earliest offset; a
 * replica that died gives up its partitions after 10 s. Metrics, tagged with the topic: {@code
 * ssi.feed.consumer.records} (records applied and committed) and the consumer's own.
 */
public final class FeedConsumerLoop {

    private static final Logger LOG = Logger.getLogger(FeedConsumerLoop.class);
    private static final Duration POLL_TIMEOUT = Duration.ofMillis(500);
    private static final Duration RETRY_PAUSE = Duration.ofSeconds(1);
    private static final int SESSION_TIMEOUT_MS = 10_000;

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
     */
    public record Settings(
            String topic, String groupId, int maxPollRecords, String threadName, String applying, String records) {}

    private final Settings settings;
    private final Batch batch;
    private final ConsumerRebalanceListener rebalance;
    private final KafkaConsumer<String, String> consumer;
    private final Counter applied;
    private volatile boolean running;
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
        this.consumer = new KafkaConsumer<>(consumerConfig(kafka), new StringDeserializer(), new StringDeserializer());
        new KafkaClientMetrics(consumer).bindTo(registry);
        this.applied = Counter.builder("ssi.feed.consumer.records")
                .description("Records applied and committed")
                .tag("topic", settings.topic())
                .register(registry);
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
    }

    /** Where the next poll reads a partition from; only from the rebalance listener, which runs on the loop's thread. */
    public void seek(TopicPartition partition, long offset) {
        consumer.seek(partition, offset);
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
        config.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, settings.maxPollRecords());
        return config;
    }

    private void consumeUntilStopped() {
        try {
            consumer.subscribe(List.of(settings.topic()), rebalance);
            while (running) {
                ConsumerRecords<String, String> records = consumer.poll(POLL_TIMEOUT);
                if (!records.isEmpty()) {
                    applyOrRewind(records);
                }
            }
        } catch (WakeupException e) {
            // stopping
        } finally {
            consumer.close(CloseOptions.timeout(Duration.ofSeconds(5)));
        }
    }

    private void applyOrRewind(ConsumerRecords<String, String> records) {
        try {
            batch.apply(records);
            consumer.commitSync(nextOffsets(records));
            applied.increment(records.count());
        } catch (WakeupException e) {
            throw e;
        } catch (Exception e) {
            LOG.warnf(
                    "%s %d %s failed, reading them again: %s",
                    settings.applying(), records.count(), settings.records(), e.getMessage());
            rewind(records);
            Pause.sleep(RETRY_PAUSE);
        }
    }

    /** Goes back to the first record of the failed poll in each partition, so that the next poll reads it again. */
    private void rewind(ConsumerRecords<String, String> records) {
        for (TopicPartition partition : records.partitions()) {
            if (consumer.assignment().contains(partition)) {
                consumer.seek(partition, records.records(partition).get(0).offset());
            }
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
