package org.ssi.ranking.feed.service;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.micrometer.core.instrument.MeterRegistry;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.Tracer;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.common.annotation.Identifier;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.SqlClient;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.interceptor.Interceptor;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.eclipse.microprofile.config.ConfigProvider;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Liveness;
import org.jboss.logging.Logger;
import org.ssi.feed.kafka.FeedConsumerLoop;
import org.ssi.feed.kafka.FeedLag;
import org.ssi.feed.kafka.FeedTrace;
import org.ssi.feed.kafka.FeedTransport;
import org.ssi.ranking.feed.client.ScoreFeedClient.ScoreChange;
import org.ssi.ranking.feed.config.FeedTransportConfig;
import org.ssi.ranking.rank.repository.MemberScoreRepository;
import org.ssi.ranking.rank.repository.MemberScoreRepository.MemberScore;
import org.ssi.ranking.rank.service.RankService;

/**
 * With {@code ssi.feed.transport=kafka}, consumes every score change through a {@link FeedConsumerLoop}, in this
 * replica's own consumer group ({@code ssi.feed.kafka.group-id}, by default per host and port): each poll is stored
 * in one transaction with the topic's positions ({@code feed_cursor} rows {@code kafka:<topic>:<partition>}, shared
 * by the replicas, newest wins), then the members' stored scores are placed in this replica's index, then the
 * offsets are committed. Changes are applied by value (an older feed position never overwrites a newer one), so
 * a replay changes nothing. On assignment the consumer starts from the stored positions and reloads the index from the
 * database, so a new or restarted replica neither replays the topic nor misses what others stored meanwhile. Its
 * loop's liveness is this service's: DOWN once the loop has died or stalled, so that Kubernetes restarts the pod.
 * A poll is applied in the span {@value ScoreFeedFollower#APPLY_SPAN}, linked to the traces of the records'
 * {@code traceparent} headers.
 */
@ApplicationScoped
@Liveness
public class ScoreChangeConsumer implements HealthCheck {

    private static final Logger LOG = Logger.getLogger(ScoreChangeConsumer.class);
    private static final Duration STORE_LIMIT = Duration.ofMinutes(1);
    private static final int RELOAD_PAGE = 10_000;

    private final FeedTransportConfig config;
    private final MemberScoreRepository scores;
    private final RankService ranks;
    private final Map<String, Object> kafka;
    private final ObjectMapper json;
    private final MeterRegistry registry;
    private final Tracer tracer;
    private FeedConsumerLoop loop;

    public ScoreChangeConsumer(
            FeedTransportConfig config,
            MemberScoreRepository scores,
            RankService ranks,
            @Identifier("default-kafka-broker") Map<String, Object> kafka,
            ObjectMapper json,
            MeterRegistry registry,
            Tracer tracer) {
        this.config = config;
        this.scores = scores;
        this.ranks = ranks;
        this.kafka = kafka;
        this.json = json;
        this.registry = registry;
        this.tracer = tracer;
    }

    /** After the index was rebuilt at start (ScoreFeedFollower). */
    void start(@Observes @Priority(Interceptor.Priority.APPLICATION + 1000) StartupEvent start) {
        if (config.transport() != FeedTransport.KAFKA) {
            return;
        }
        loop = new FeedConsumerLoop(
                new FeedConsumerLoop.Settings(
                        config.kafka().scoreTopic(),
                        groupId(),
                        config.batchSize(),
                        "score-change-consumer",
                        "Applying",
                        "score changes",
                        FeedLag.RANKING_SCORE_FEED,
                        config.kafka().maxAttempts()),
                this::apply,
                new StartFromStoredPositions(),
                kafka,
                registry);
        loop.start();
    }

    void stop(@Observes ShutdownEvent stop) throws InterruptedException {
        if (loop != null) {
            loop.stop();
        }
    }

    /** UP over HTTP (no loop), and while the loop polls. */
    @Override
    public HealthCheckResponse call() {
        return HealthCheckResponse.named("score-change-consumer")
                .status(loop == null || loop.alive())
                .withData("topic", config.kafka().scoreTopic())
                .build();
    }

    String groupId() {
        return config.kafka()
                .groupId()
                .orElseGet(() -> "ssi-ranking-" + hostName() + "-"
                        + ConfigProvider.getConfig()
                                .getOptionalValue("quarkus.http.port", String.class)
                                .orElse("8083"));
    }

    private static String hostName() {
        String fromEnv = System.getenv("HOSTNAME");
        if (fromEnv != null && !fromEnv.isBlank()) {
            return fromEnv;
        }
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            return "localhost";
        }
    }

    private void apply(ConsumerRecords<String, String> records) {
        List<ScoreChange> changes = new ArrayList<>(records.count());
        Set<String> members = new LinkedHashSet<>();
        List<String> traces = new ArrayList<>(records.count());
        for (ConsumerRecord<String, String> record : records) {
            ScoreChange change = change(record);
            changes.add(change);
            members.add(change.memberId());
            traces.add(FeedTrace.of(record));
        }
        Map<TopicPartition, OffsetAndMetadata> positions = FeedConsumerLoop.nextOffsets(records);
        Span span = FeedTrace.startApplying(tracer, ScoreFeedFollower.APPLY_SPAN, traces, records.count());
        RuntimeException failure = null;
        try {
            scores.pool()
                    .withTransaction(tx -> scores.upsert(tx, changes).chain(() -> store(tx, positions)))
                    .await()
                    .atMost(STORE_LIMIT);
            ranks.place(scores.ofMembers(List.copyOf(members)).await().atMost(STORE_LIMIT));
        } catch (RuntimeException e) {
            failure = e;
            throw e;
        } finally {
            FeedTrace.end(span, failure);
        }
    }

    private ScoreChange change(ConsumerRecord<String, String> record) {
        try {
            return json.readValue(record.value(), ScoreChange.class);
        } catch (IOException e) {
            throw new UncheckedIOException(
                    "Not a score change at " + record.topic() + "-" + record.partition() + "@" + record.offset(), e);
        }
    }

    private Uni<Void> store(SqlClient tx, Map<TopicPartition, OffsetAndMetadata> positions) {
        Uni<Void> chain = Uni.createFrom().voidItem();
        for (Map.Entry<TopicPartition, OffsetAndMetadata> position : positions.entrySet()) {
            chain = chain.chain(() -> scores.moveTo(
                    tx, cursorName(position.getKey()), position.getValue().offset()));
        }
        return chain;
    }

    static String cursorName(TopicPartition partition) {
        return "kafka:" + partition.topic() + ":" + partition.partition();
    }

    /** Every stored score, into the index: what other replicas stored up to the positions read just before. */
    private int reloadIndex() {
        int loaded = 0;
        long after = 0;
        while (true) {
            List<MemberScore> page =
                    scores.changedAfter(after, RELOAD_PAGE).await().atMost(STORE_LIMIT);
            ranks.place(page);
            loaded += page.size();
            if (page.size() < RELOAD_PAGE) {
                return loaded;
            }
            after = page.get(page.size() - 1).seq();
        }
    }

    /**
     * Seeks each assigned partition to the position the replicas stored (or this replica's committed offset, when a
     * dead letter put it further), then reloads the index from the database.
     */
    private final class StartFromStoredPositions implements ConsumerRebalanceListener {

        @Override
        public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
            for (TopicPartition partition : partitions) {
                long stored = scores.position(cursorName(partition)).await().atMost(STORE_LIMIT);
                // past a dead letter this replica committed, which moved no stored position
                long from = Math.max(stored, loop.committed(partition));
                if (from > 0) {
                    loop.seek(partition, from);
                }
            }
            int loaded = reloadIndex();
            LOG.infof(
                    "Assigned %d partitions of %s; index reloaded with %d scores",
                    partitions.size(), config.kafka().scoreTopic(), loaded);
        }

        @Override
        public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
            // offsets are committed after each poll's transaction; nothing is pending here
        }
    }
}
