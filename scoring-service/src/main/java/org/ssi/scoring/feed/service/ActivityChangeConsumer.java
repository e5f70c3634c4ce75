package org.ssi.scoring.feed.service;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.kafka.KafkaClientMetrics;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.vertx.VertxContextSupport;
import io.smallrye.common.annotation.Identifier;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.io.IOException;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.apache.kafka.clients.consumer.CloseOptions;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.eclipse.microprofile.rest.client.inject.RestClient;
import org.jboss.logging.Logger;
import org.ssi.feed.kafka.FeedTransport;
import org.ssi.scoring.feed.client.ActivityClient;
import org.ssi.scoring.feed.client.ActivityClient.Change;
import org.ssi.scoring.feed.config.FeedTransportConfig;
import org.ssi.scoring.model.MemberInputs;
import org.ssi.scoring.score.service.ScoringService;

/**
 * With {@code ssi.feed.transport=kafka}, consumes activity-service's changes in the consumer group that every replica
 * joins: for each poll, rescores the members named (their inputs read from activity-service, as the HTTP follower
 * does) in one transaction, and commits the offsets only after that transaction. A crash replays the records after
 * the last commit, which rescores members to the same scores: nothing is lost, nothing counts twice.
 */
@ApplicationScoped
public class ActivityChangeConsumer {

    private static final Logger LOG = Logger.getLogger(ActivityChangeConsumer.class);
    private static final Duration POLL_TIMEOUT = Duration.ofMillis(500);
    private static final Duration RETRY_PAUSE = Duration.ofSeconds(1);
    private static final int SESSION_TIMEOUT_MS = 10_000;
    private static final int CONCURRENT_LOOKUPS = 4;

    private final FeedTransportConfig config;
    private final ActivityClient activity;
    private final ScoringService scoring;
    private final Map<String, Object> kafka;
    private final ObjectMapper json;
    private final MeterRegistry registry;
    private volatile boolean running;
    private KafkaConsumer<String, String> consumer;
    private Counter applied;
    private Thread worker;

    public ActivityChangeConsumer(
            FeedTransportConfig config,
            @RestClient ActivityClient activity,
            ScoringService scoring,
            @Identifier("default-kafka-broker") Map<String, Object> kafka,
            ObjectMapper json,
            MeterRegistry registry) {
        this.config = config;
        this.activity = activity;
        this.scoring = scoring;
        this.kafka = kafka;
        this.json = json;
        this.registry = registry;
    }

    void start(@Observes StartupEvent start) {
        if (config.transport() != FeedTransport.KAFKA) {
            return;
        }
        consumer = new KafkaConsumer<>(consumerConfig(), new StringDeserializer(), new StringDeserializer());
        new KafkaClientMetrics(consumer).bindTo(registry);
        applied = Counter.builder("ssi.feed.consumer.records")
                .description("Records applied and committed")
                .tag("topic", config.kafka().activityTopic())
                .register(registry);
        running = true;
        worker = new Thread(this::consumeUntilStopped, "activity-change-consumer");
        worker.setDaemon(true);
        worker.start();
        LOG.infof(
                "Consuming Kafka topic %s in group %s",
                config.kafka().activityTopic(), config.kafka().groupId());
    }

    void stop(@Observes ShutdownEvent stop) throws InterruptedException {
        if (worker == null) {
            return;
        }
        running = false;
        consumer.wakeup();
        worker.join(Duration.ofSeconds(10).toMillis());
    }

    private Map<String, Object> consumerConfig() {
        Map<String, Object> settings = new HashMap<>(kafka);
        settings.putIfAbsent(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, "localhost:9092");
        settings.put(ConsumerConfig.GROUP_ID_CONFIG, config.kafka().groupId());
        settings.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        settings.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        // A replica that died gives up its partitions after 10 s rather than Kafka's 45 s (kafka.session.timeout.ms).
        settings.putIfAbsent(ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG, SESSION_TIMEOUT_MS);
        settings.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, config.kafka().batchSize());
        return settings;
    }

    private void consumeUntilStopped() {
        try {
            consumer.subscribe(List.of(config.kafka().activityTopic()));
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
            apply(records);
            consumer.commitSync(nextOffsets(records));
            applied.increment(records.count());
        } catch (WakeupException e) {
            throw e;
        } catch (Throwable e) {
            LOG.warnf("Scoring %d activity changes failed, reading them again: %s", records.count(), e.getMessage());
            rewind(records);
            pause(RETRY_PAUSE);
        }
    }

    /** Rescores the members the records name, in one transaction, on a Vert.x context; waits for the commit. */
    private void apply(ConsumerRecords<String, String> records) throws Throwable {
        Set<String> members = new LinkedHashSet<>();
        for (ConsumerRecord<String, String> record : records) {
            members.add(memberOf(record));
        }
        String today = LocalDate.now(ZoneOffset.UTC).toString();
        VertxContextSupport.subscribeAndAwait(() -> rescore(members, today));
    }

    private Uni<Void> rescore(Set<String> members, String today) {
        return Multi.createFrom()
                .iterable(members)
                .onItem()
                .transformToUni(member -> activity.inputs(member, today))
                .merge(CONCURRENT_LOOKUPS)
                .collect()
                .asList()
                .map(ActivityChangeConsumer::present)
                .chain(inputs -> scoring.record(inputs));
    }

    private String memberOf(ConsumerRecord<String, String> record) throws IOException {
        return record.key() != null
                ? record.key()
                : json.readValue(record.value(), Change.class).memberId();
    }

    private static List<MemberInputs> present(List<MemberInputs> inputs) {
        return inputs.stream().filter(Objects::nonNull).toList();
    }

    private static Map<TopicPartition, OffsetAndMetadata> nextOffsets(ConsumerRecords<String, String> records) {
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

    /** Goes back to the first record of the failed poll in each partition, so that the next poll reads it again. */
    private void rewind(ConsumerRecords<String, String> records) {
        for (TopicPartition partition : records.partitions()) {
            if (consumer.assignment().contains(partition)) {
                consumer.seek(partition, records.records(partition).get(0).offset());
            }
        }
    }

    private static void pause(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
