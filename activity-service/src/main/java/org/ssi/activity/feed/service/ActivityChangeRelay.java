package org.ssi.activity.feed.service;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.kafka.KafkaClientMetrics;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.common.annotation.Identifier;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
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
import org.ssi.activity.feed.config.FeedTransportConfig;
import org.ssi.activity.feed.config.FeedTransportConfig.Transport;
import org.ssi.activity.feed.repository.ChangeFeedRepository.Change;

/**
 * With {@code ssi.feed.transport=kafka}, publishes the activity change feed to Kafka in feed order, keyed by member
 * id: each round reads the changes after the relay's position, sends them, waits for the broker's acknowledgements
 * ({@code acks=all}) and only then moves the position, in the transaction that read them. A crash republishes the
 * last round (at least once); consumers are idempotent. Replicas take turns through a row lock on the position.
 */
@ApplicationScoped
public class ActivityChangeRelay {

    private static final Logger LOG = Logger.getLogger(ActivityChangeRelay.class);
    private static final Duration RETRY_PAUSE = Duration.ofSeconds(1);
    private static final long ACK_TIMEOUT_SECONDS = 30;

    private final FeedTransportConfig config;
    private final DataSource database;
    private final Map<String, Object> kafka;
    private final ObjectMapper json;
    private final MeterRegistry registry;
    private final AtomicLong lag = new AtomicLong();
    private volatile boolean running;
    private KafkaProducer<String, String> producer;
    private Counter published;
    private Thread worker;

    public ActivityChangeRelay(
            FeedTransportConfig config,
            DataSource database,
            @Identifier("default-kafka-broker") Map<String, Object> kafka,
            ObjectMapper json,
            MeterRegistry registry) {
        this.config = config;
        this.database = database;
        this.kafka = kafka;
        this.json = json;
        this.registry = registry;
    }

    void start(@Observes StartupEvent start) {
        if (config.transport() != Transport.KAFKA) {
            return;
        }
        String topic = config.kafka().topic();
        producer = new KafkaProducer<>(producerConfig(), new StringSerializer(), new StringSerializer());
        new KafkaClientMetrics(producer).bindTo(registry);
        published = Counter.builder("ssi.feed.relay.published")
                .description("Changes published to Kafka and acknowledged")
                .tag("topic", topic)
                .register(registry);
        registry.gauge("ssi.feed.relay.lag", List.of(io.micrometer.core.instrument.Tag.of("topic", topic)), lag);
        running = true;
        worker = new Thread(this::relayUntilStopped, "activity-change-relay");
        worker.setDaemon(true);
        worker.start();
        LOG.infof("Relaying the activity change feed to Kafka topic %s at %s", topic, kafka.get("bootstrap.servers"));
    }

    void stop(@Observes ShutdownEvent stop) throws InterruptedException {
        if (worker == null) {
            return;
        }
        running = false;
        worker.join(Duration.ofSeconds(10).toMillis());
        producer.close(Duration.ofSeconds(5));
    }

    private Map<String, Object> producerConfig() {
        Map<String, Object> settings = new HashMap<>(kafka);
        settings.putIfAbsent(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, "localhost:9092");
        settings.put(ProducerConfig.CLIENT_ID_CONFIG, "activity-change-relay");
        settings.put(ProducerConfig.ACKS_CONFIG, "all");
        settings.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        settings.put(ProducerConfig.LINGER_MS_CONFIG, 5);
        settings.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, 10_000);
        return settings;
    }

    private void relayUntilStopped() {
        while (running) {
            try {
                if (relayOnce() == 0) {
                    pause(config.kafka().idleInterval());
                }
            } catch (Exception e) {
                LOG.warnf("Relaying the activity change feed failed, retrying: %s", e.getMessage());
                pause(RETRY_PAUSE);
            }
        }
    }

    /** One round; answers the number of changes published (0 when there was nothing, or another replica relays). */
    int relayOnce() throws Exception {
        String topic = config.kafka().topic();
        try (Connection connection = database.getConnection()) {
            connection.setAutoCommit(false);
            try {
                Long position = lockPosition(connection, topic);
                if (position == null) {
                    connection.rollback();
                    return 0;
                }
                List<Change> changes = changesAfter(connection, position);
                if (!changes.isEmpty()) {
                    publish(topic, changes);
                    position = changes.get(changes.size() - 1).seq();
                    movePosition(connection, topic, position);
                }
                lag.set(Math.max(0, lastSeq(connection) - position));
                connection.commit();
                published.increment(changes.size());
                return changes.size();
            } catch (Exception e) {
                connection.rollback();
                throw e;
            }
        }
    }

    /** The relay's position, locked for this transaction; null while another replica holds it. */
    private static Long lockPosition(Connection connection, String topic) throws SQLException {
        try (PreparedStatement create = connection.prepareStatement(
                "insert into activity.feed_relay (topic, position) values (?, 0) on conflict (topic) do nothing")) {
            create.setString(1, topic);
            create.executeUpdate();
        }
        try (PreparedStatement lock = connection.prepareStatement(
                "select position from activity.feed_relay where topic = ? for update skip locked")) {
            lock.setString(1, topic);
            try (ResultSet row = lock.executeQuery()) {
                return row.next() ? row.getLong(1) : null;
            }
        }
    }

    private List<Change> changesAfter(Connection connection, long position) throws SQLException {
        List<Change> changes = new ArrayList<>();
        try (PreparedStatement read = connection.prepareStatement(
                "select seq, member_id, reason" + " from activity.member_change where seq > ? order by seq limit ?")) {
            read.setLong(1, position);
            read.setInt(2, config.kafka().batchSize());
            try (ResultSet rows = read.executeQuery()) {
                while (rows.next()) {
                    changes.add(new Change(rows.getLong(1), rows.getString(2), rows.getString(3)));
                }
            }
        }
        return changes;
    }

    private static long lastSeq(Connection connection) throws SQLException {
        try (PreparedStatement read =
                        connection.prepareStatement("select coalesce(max(seq), 0) from activity.member_change");
                ResultSet row = read.executeQuery()) {
            row.next();
            return row.getLong(1);
        }
    }

    private static void movePosition(Connection connection, String topic, long position) throws SQLException {
        try (PreparedStatement move =
                connection.prepareStatement("update activity.feed_relay set position = ? where topic = ?")) {
            move.setLong(1, position);
            move.setString(2, topic);
            move.executeUpdate();
        }
    }

    /** Sends in feed order and waits until the broker has acknowledged every change. */
    private void publish(String topic, List<Change> changes) throws Exception {
        List<Future<RecordMetadata>> acks = new ArrayList<>(changes.size());
        for (Change change : changes) {
            acks.add(producer.send(new ProducerRecord<>(topic, change.memberId(), value(change))));
        }
        for (Future<RecordMetadata> ack : acks) {
            ack.get(ACK_TIMEOUT_SECONDS, TimeUnit.SECONDS);
        }
    }

    private String value(Change change) throws JsonProcessingException {
        return json.writeValueAsString(change);
    }

    private static void pause(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
