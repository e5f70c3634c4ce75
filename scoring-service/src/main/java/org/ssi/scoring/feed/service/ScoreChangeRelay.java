package org.ssi.scoring.feed.service;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.common.annotation.Identifier;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.io.IOException;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.LocalDate;
import java.util.Map;
import javax.sql.DataSource;
import org.ssi.feed.kafka.FeedTransport;
import org.ssi.feed.kafka.OutboxRelay;
import org.ssi.feed.kafka.OutboxRelay.Message;
import org.ssi.feed.kafka.OutboxRelay.OutboxSql;
import org.ssi.scoring.feed.config.FeedTransportConfig;
import org.ssi.scoring.score.repository.ScoreFeedRepository.ScoreChange;

/**
 * With {@code ssi.feed.transport=kafka}, relays the score change feed ({@code scoring.score_change}) to the topic
 * {@code ssi.feed.kafka.score-topic}, each change as its JSON keyed by member id (its traceparent, when it has one,
 * also in the record's {@code traceparent} header), through an {@link OutboxRelay}: in
 * feed order, at least once, the position moved only once the broker has the changes. The position is the
 * {@code feed_cursor} row {@code relay:<topic>}. A change published twice is harmless: ranking applies changes by
 * value, newest feed position wins.
 */
@ApplicationScoped
public class ScoreChangeRelay {

    static final String POSITION_PREFIX = "relay:";
    private static final OutboxSql SCORE_CHANGES = new OutboxSql(
            "insert into scoring.feed_cursor (feed, position) values (?, 0) on conflict (feed) do nothing",
            "select position from scoring.feed_cursor where feed = ? for update skip locked",
            "update scoring.feed_cursor set position = ? where feed = ?",
            "select seq, member_id, industry, team_id, day, score, brand, find, engage, relationships, traceparent"
                    + " from scoring.score_change where seq > ? order by seq limit ?",
            "select coalesce(max(seq), 0) from scoring.score_change");

    private final FeedTransportConfig config;
    private final DataSource database;
    private final Map<String, Object> kafka;
    private final ObjectMapper json;
    private final MeterRegistry registry;
    private OutboxRelay relay;

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
                SCORE_CHANGES,
                this::message,
                database,
                kafka,
                registry);
        relay.start();
    }

    void stop(@Observes ShutdownEvent stop) throws InterruptedException {
        if (relay != null) {
            relay.stop();
        }
    }

    private Message message(ResultSet row) throws SQLException, IOException {
        ScoreChange change = new ScoreChange(
                row.getLong("seq"),
                row.getString("member_id"),
                row.getString("industry"),
                row.getString("team_id"),
                row.getObject("day", LocalDate.class),
                row.getBigDecimal("score"),
                row.getBigDecimal("brand"),
                row.getBigDecimal("find"),
                row.getBigDecimal("engage"),
                row.getBigDecimal("relationships"),
                row.getString("traceparent"));
        return new Message(change.seq(), change.memberId(), json.writeValueAsString(change), change.traceparent());
    }
}
