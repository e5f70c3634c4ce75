package org.ssi.scoring.feed.service;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.common.annotation.Identifier;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.Map;
import org.ssi.feed.kafka.FeedTransport;
import org.ssi.feed.kafka.OutboxRelay;
import org.ssi.feed.kafka.OutboxRelay.Message;
import org.ssi.feed.kafka.OutboxRelay.OutboxSql;
import org.ssi.feed.kafka.PoolOutbox;
import org.ssi.scoring.feed.config.FeedTransportConfig;
import org.ssi.scoring.score.repository.ScoreFeedRepository;
import org.ssi.scoring.score.repository.ScoreFeedRepository.ScoreChange;

/**
 * With {@code ssi.feed.transport=kafka}, relays the score change feed ({@code scoring.score_change}) to the topic
 * {@code ssi.feed.kafka.score-topic}, each change as its JSON keyed by member id (its traceparent, when it has one,
 * also in the record's {@code traceparent} header), through an {@link OutboxRelay}: in
 * feed order, at least once, the position moved only once the broker has the changes. The position is the
 * {@code feed_cursor} row {@code relay:<topic>}. A change published twice is harmless: ranking applies changes by
 * value, newest feed position wins. The rounds run on the reactive pool, as everything else here ({@link PoolOutbox},
 * awaited on the relay's own thread).
 */
@ApplicationScoped
public class ScoreChangeRelay {

    static final String POSITION_PREFIX = "relay:";
    private static final OutboxSql SCORE_CHANGES = new OutboxSql(
            "insert into scoring.feed_cursor (feed, position) values ($1, 0) on conflict (feed) do nothing",
            "select position from scoring.feed_cursor where feed = $1 for update skip locked",
            "update scoring.feed_cursor set position = $1 where feed = $2",
            ScoreFeedRepository.CHANGES_AFTER,
            "select coalesce(max(seq), 0) from scoring.score_change");

    private final FeedTransportConfig config;
    private final Pool pool;
    private final Map<String, Object> kafka;
    private final ObjectMapper json;
    private final MeterRegistry registry;
    private OutboxRelay relay;

    public ScoreChangeRelay(
            FeedTransportConfig config,
            Pool pool,
            @Identifier("default-kafka-broker") Map<String, Object> kafka,
            ObjectMapper json,
            MeterRegistry registry) {
        this.config = config;
        this.pool = pool;
        this.kafka = kafka;
        this.json = json;
        this.registry = registry;
    }

    void start(@Observes StartupEvent start) {
        if (config.transport() != FeedTransport.KAFKA) {
            return;
        }
        FeedTransportConfig.Kafka settings = config.kafka();
        relay = new OutboxRelay(
                new OutboxRelay.Settings(
                        settings.scoreTopic(),
                        POSITION_PREFIX + settings.scoreTopic(),
                        "score-change-relay",
                        "score change feed",
                        settings.batchSize(),
                        settings.idleInterval()),
                new PoolOutbox(SCORE_CHANGES, this::message, pool),
                kafka,
                registry);
        relay.start();
    }

    void stop(@Observes ShutdownEvent stop) throws InterruptedException {
        if (relay != null) {
            relay.stop();
        }
    }

    private Message message(Row row) throws JsonProcessingException {
        ScoreChange change = ScoreFeedRepository.change(row);
        return new Message(change.seq(), change.memberId(), json.writeValueAsString(change), change.traceparent());
    }
}
