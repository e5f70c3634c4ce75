package org.ssi.scoring.feed.service;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tag;
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
import org.ssi.scoring.feed.config.FeedTransportConfig;
import org.ssi.scoring.feed.config.FeedTransportConfig.Transport;
import org.ssi.scoring.score.repository.ScoreFeedRepository.ScoreChange;

/**
 * With {@code ssi.feed.transport=kafka}, publishes the score change feed to Kafka in feed order, keyed by member id:
 * each round reads the changes after the relay's position, sends them, waits for the broker's acknowledgements
 * ({@code acks=all}), and only then moves the position (a row of {@code feed_cursor}) in the transaction that read
 * them. A crash republishes the last round; ranking applies changes by value, newest feed position wins. Replicas
 * take turns through a row lock on the position.
 */
@ApplicationScoped
public class ScoreChangeRelay {

    static final String POSITION_PREFIX = "relay:";
    private static final Logger LOG = Logger.getLogger(ScoreChangeRelay.class);
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

    public ScoreChangeRelay(
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
        String topic = config.kafka().scoreTopic();
        producer = new KafkaProducer<>(producerConfig(), new StringSerializer(), new StringSerializer());
        new KafkaClientMetrics(producer).bindTo(registry);
        published = Counter.builder("ssi.feed.relay.published")
                .description("Changes published to Kafka and acknowledged")
                .tag("topic", topic)
                .register(registry);
        registry.gauge("ssi.feed.relay.lag", List.of(Tag.of("topic", topic)), lag);
        running = true;
        worker = new Thread(this::relayUntilStopped, "score-change-relay");
        worker.setDaemon(true);
        worker.start();
        LOG.infof("Relaying the score change feed to Kafka topic %s", topic);
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
        settings.put(ProducerConfig.CLIENT_ID_CONFIG, "score-change-relay");
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
                LOG.warnf("Relaying the score change feed failed, retrying: %s", e.getMessage());
                pause(RETRY_PAUSE);
            }
        }
    }

    /** One round; answers the number of changes published (0 when there was nothing, or another replica relays). */
    int relayOnce() throws Exception {
        String topic = config.kafka().scoreTopic();
        String cursor = POSITION_PREFIX + topic;
        try (Connection connection = database.getConnection()) {
            connection.setAutoCommit(false);
            try {
                Long position = lockPosition(connection, cursor);
                if (position == null) {
                    connection.rollback();
                    return 0;
                }
                List<ScoreChange> changes = changesAfter(connection, position);
                if (!changes.isEmpty()) {
                    publish(topic, changes);
                    position = changes.get(changes.size() - 1).seq();
                    movePosition(connection, cursor, position);
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
    private static Long lockPosition(Connection connection, String cursor) throws SQLException {
        try (PreparedStatement create = connection.prepareStatement(
                "insert into scoring.feed_cursor (feed, position) values (?, 0) on conflict (feed) do nothing")) {
            create.setString(1, cursor);
            create.executeUpdate();
        }
        try (PreparedStatement lock = connection.prepareStatement(
                "select position from scoring.feed_cursor where feed = ? for update skip locked")) {
            lock.setString(1, cursor);
            try (ResultSet row = lock.executeQuery()) {
                return row.next() ? row.getLong(1) : null;
            }
        }
    }

    private List<ScoreChange> changesAfter(Connection connection, long position) throws SQLException {
        List<ScoreChange> changes = new ArrayList<>();
        try (PreparedStatement read = connection.prepareStatement(
                "select seq, member_id, industry, team_id, day, score, brand, find, engage, relationships"
                        + " from scoring.score_change where seq > ? order by seq limit ?")) {
            read.setLong(1, position);
            read.setInt(2, config.kafka().batchSize());
            try (ResultSet rows = read.executeQuery()) {
                while (rows.next()) {
                    changes.add(new ScoreChange(
                            rows.getLong("seq"),
                            rows.getString("member_id"),
                            rows.getString("industry"),
                            rows.getString("team_id"),
                            rows.getObject("day", java.time.LocalDate.class),
                            rows.getBigDecimal("score"),
                            rows.getBigDecimal("brand"),
                            rows.getBigDecimal("find"),
                            rows.getBigDecimal("engage"),
                            rows.getBigDecimal("relationships")));
                }
            }
        }
        return changes;
    }

    private static long lastSeq(Connection connection) throws SQLException {
        try (PreparedStatement read =
                        connection.prepareStatement("select coalesce(max(seq), 0) from scoring.score_change");
                ResultSet row = read.executeQuery()) {
            row.next();
            return row.getLong(1);
        }
    }

    private static void movePosition(Connection connection, String cursor, long position) throws SQLException {
        try (PreparedStatement move =
                connection.prepareStatement("update scoring.feed_cursor set position = ? where feed = ?")) {
            move.setLong(1, position);
            move.setString(2, cursor);
            move.executeUpdate();
        }
    }

    /** Sends in feed order and waits until the broker has acknowledged every change. */
    private void publish(String topic, List<ScoreChange> changes) throws Exception {
        List<Future<RecordMetadata>> acks = new ArrayList<>(changes.size());
        for (ScoreChange change : changes) {
            acks.add(producer.send(new ProducerRecord<>(topic, change.memberId(), json.writeValueAsString(change))));
        }
        for (Future<RecordMetadata> ack : acks) {
            ack.get(ACK_TIMEOUT_SECONDS, TimeUnit.SECONDS);
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
