package org.ssi.activity.feed.service;

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
import java.util.Map;
import javax.sql.DataSource;
import org.ssi.activity.feed.config.FeedTransportConfig;
import org.ssi.activity.feed.repository.ChangeFeedRepository.Change;
import org.ssi.feed.kafka.FeedTransport;
import org.ssi.feed.kafka.OutboxRelay;
import org.ssi.feed.kafka.OutboxRelay.Message;
import org.ssi.feed.kafka.OutboxRelay.OutboxSql;

/**
 * With {@code ssi.feed.transport=kafka}, relays the activity change feed ({@code activity.member_change}) to the topic
 * {@code ssi.feed.kafka.topic}, each change as its JSON keyed by member id (its traceparent, when it has one, also in
 * the record's {@code traceparent} header), through an {@link OutboxRelay}: in feed
 * order, at least once, the position moved only once the broker has the changes. The position is the topic's row of
 * {@code activity.feed_relay}.
 */
@ApplicationScoped
public class ActivityChangeRelay {

    private static final OutboxSql MEMBER_CHANGES = new OutboxSql(
            "insert into activity.feed_relay (topic, position) values (?, 0) on conflict (topic) do nothing",
            "select position from activity.feed_relay where topic = ? for update skip locked",
            "update activity.feed_relay set position = ? where topic = ?",
            "select seq, member_id, reason, traceparent from activity.member_change where seq > ? order by seq limit ?",
            "select coalesce(max(seq), 0) from activity.member_change");

    private final FeedTransportConfig config;
    private final DataSource database;
    private final Map<String, Object> kafka;
    private final ObjectMapper json;
    private final MeterRegistry registry;
    private OutboxRelay relay;

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
        if (config.transport() != FeedTransport.KAFKA) {
            return;
        }
        FeedTransportConfig.Kafka settings = config.kafka();
        relay = new OutboxRelay(
                new OutboxRelay.Settings(
                        settings.topic(),
                        settings.topic(),
                        "activity-change-relay",
                        "activity change feed",
                        settings.batchSize(),
                        settings.idleInterval()),
                MEMBER_CHANGES,
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
        Change change = new Change(row.getLong(1), row.getString(2), row.getString(3), row.getString(4));
        return new Message(change.seq(), change.memberId(), json.writeValueAsString(change), change.traceparent());
    }
}
