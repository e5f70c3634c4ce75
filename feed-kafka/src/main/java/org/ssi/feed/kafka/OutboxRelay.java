package org.ssi.feed.kafka;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.binder.kafka.KafkaClientMetrics;
import java.nio.charset.StandardCharsets;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import javax.sql.DataSource;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.StringSerializer;
import org.jboss.logging.Logger;

/**
 * Publishes a service's change feed (its outbox: a table of changes numbered by a gap-free {@code seq}) to a Kafka
 * topic in feed order, keyed by member id, so that each member's changes stay in one partition and in order. Each
 * round reads the changes after the relay's position, sends them with an idempotent producer, waits for the broker's
 * acknowledgements ({@code acks=all}) and only then moves the position, in the transaction that read them. A crash
 * republishes the last round (at least once); consumers are idempotent. Replicas take turns through a row lock on
 * the position ({@code for update skip locked}): one relays while the others find it taken. The statements of a round
 * run through an {@link Outbox}: {@link JdbcOutbox} on a JDBC {@code DataSource}, {@link PoolOutbox} on the Vert.x
 * reactive pool, for a service that reaches its database only through that pool.
 *
 * <p>A daemon thread runs the rounds, pausing when the feed had nothing new or a round failed. Metrics, tagged with
 * the topic: {@code ssi.feed.relay.published} (changes acknowledged), {@code ssi.feed.relay.lag} (feed entries not yet
 * published) and the producer's own.
 */
public final class OutboxRelay {

    private static final Logger LOG = Logger.getLogger(OutboxRelay.class);
    private static final Duration RETRY_PAUSE = Duration.ofSeconds(1);
    private static final long ACK_TIMEOUT_SECONDS = 30;

    /**
     * A service's outbox in SQL, run on the round's connection with these parameters (written {@code ?} for a
     * {@link JdbcOutbox}, {@code $1}, {@code $2} for a {@link PoolOutbox}): {@code createPosition} (key)
     * inserts the relay's position row at 0 unless it is there; {@code lockPosition} (key) answers the position,
     * locked {@code for update skip locked}; {@code movePosition} (position, key) moves it; {@code changesAfter}
     * (position, limit) reads the changes after it in seq order; {@code lastSeq} answers the feed's last seq, 0 while
     * it is empty.
     */
    public record OutboxSql(
            String createPosition, String lockPosition, String movePosition, String changesAfter, String lastSeq) {}

    /** Reads one JDBC row of {@code changesAfter} as it goes to the topic ({@link JdbcOutbox}). */
    @FunctionalInterface
    public interface ChangeRow {
        Message read(ResultSet row) throws Exception;
    }

    /**
     * One change as published: its feed position, the member id it is keyed by, its JSON, and the traceparent of the
     * request that made it (the record's {@value FeedTrace#HEADER} header; null when it was made untraced).
     */
    public record Message(long seq, String memberId, String json, String traceparent) {}

    /**
     * @param topic where the changes go
     * @param positionKey the relay's position row
     * @param name the producer's client id and the thread's name
     * @param feed what is relayed, for the log: "the {@code feed} to Kafka topic …"
     * @param batchSize changes read and published per round
     * @param idleInterval how long to wait when the feed had nothing new
     */
    public record Settings(
            String topic, String positionKey, String name, String feed, int batchSize, Duration idleInterval) {}

    private final Settings settings;
    private final Outbox outbox;
    private final Object bootstrapServers;
    private final KafkaProducer<String, String> producer;
    private final Counter published;
    private final AtomicLong lag = new AtomicLong();
    private volatile boolean running;
    private Thread worker;

    /**
     * Relays an outbox on a JDBC {@code DataSource} (a {@link JdbcOutbox}); creates the producer and the meters,
     * {@link #start()} begins relaying.
     */
    public OutboxRelay(
            Settings settings,
            OutboxSql sql,
            ChangeRow row,
            DataSource database,
            Map<String, Object> kafka,
            MeterRegistry registry) {
        this(settings, new JdbcOutbox(sql, row, database), kafka, registry);
    }

    /** Relays the outbox given; creates the producer and the meters, {@link #start()} begins relaying. */
    public OutboxRelay(Settings settings, Outbox outbox, Map<String, Object> kafka, MeterRegistry registry) {
        this.settings = settings;
        this.outbox = outbox;
        Map<String, Object> config = producerConfig(kafka);
        this.bootstrapServers = config.get(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG);
        this.producer = new KafkaProducer<>(config, new StringSerializer(), new StringSerializer());
        new KafkaClientMetrics(producer).bindTo(registry);
        this.published = Counter.builder("ssi.feed.relay.published")
                .description("Changes published to Kafka and acknowledged")
                .tag("topic", settings.topic())
                .register(registry);
        registry.gauge("ssi.feed.relay.lag", List.of(Tag.of("topic", settings.topic())), lag);
    }

    public void start() {
        running = true;
        worker = new Thread(this::relayUntilStopped, settings.name());
        worker.setDaemon(true);
        worker.start();
        LOG.infof("Relaying the %s to Kafka topic %s at %s", settings.feed(), settings.topic(), bootstrapServers);
    }

    /** Lets the current round finish (up to ten seconds), then closes the producer. */
    public void stop() throws InterruptedException {
        running = false;
        if (worker != null) {
            worker.join(Duration.ofSeconds(10).toMillis());
        }
        producer.close(Duration.ofSeconds(5));
    }

    private Map<String, Object> producerConfig(Map<String, Object> kafka) {
        Map<String, Object> config = new HashMap<>(kafka);
        config.putIfAbsent(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, "localhost:9092");
        config.put(ProducerConfig.CLIENT_ID_CONFIG, settings.name());
        config.put(ProducerConfig.ACKS_CONFIG, "all");
        config.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        config.put(ProducerConfig.LINGER_MS_CONFIG, 5);
        config.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, 10_000);
        return config;
    }

    private void relayUntilStopped() {
        while (running) {
            try {
                if (relayOnce() == 0) {
                    Pause.sleep(settings.idleInterval());
                }
            } catch (Exception e) {
                LOG.warnf("Relaying the %s failed, retrying: %s", settings.feed(), e.getMessage());
                Pause.sleep(RETRY_PAUSE);
            }
        }
    }

    /** One round; answers the number of changes published (0 when there was nothing, or another replica relays). */
    public int relayOnce() throws Exception {
        try (Outbox.Round round = outbox.begin()) {
            try {
                Long position = round.lockPosition(settings.positionKey());
                if (position == null) {
                    round.rollback();
                    return 0;
                }
                List<Message> changes = round.changesAfter(position, settings.batchSize());
                if (!changes.isEmpty()) {
                    publish(changes);
                    position = changes.get(changes.size() - 1).seq();
                    round.movePosition(settings.positionKey(), position);
                }
                lag.set(Math.max(0, round.lastSeq() - position));
                round.commit();
                published.increment(changes.size());
                return changes.size();
            } catch (Exception e) {
                round.rollback();
                throw e;
            }
        }
    }

    /** Sends in feed order and waits until the broker has acknowledged every change. */
    private void publish(List<Message> changes) throws Exception {
        List<Future<RecordMetadata>> acks = new ArrayList<>(changes.size());
        for (Message change : changes) {
            ProducerRecord<String, String> record =
                    new ProducerRecord<>(settings.topic(), change.memberId(), change.json());
            if (change.traceparent() != null) {
                record.headers().add(FeedTrace.HEADER, change.traceparent().getBytes(StandardCharsets.US_ASCII));
            }
            acks.add(producer.send(record));
        }
        for (Future<RecordMetadata> ack : acks) {
            ack.get(ACK_TIMEOUT_SECONDS, TimeUnit.SECONDS);
        }
    }
}
