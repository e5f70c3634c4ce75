package org.ssi.scoring.feed.service;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.micrometer.core.instrument.MeterRegistry;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.Tracer;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.vertx.VertxContextSupport;
import io.smallrye.common.annotation.Identifier;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.io.IOException;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Liveness;
import org.ssi.feed.kafka.FeedConsumerLoop;
import org.ssi.feed.kafka.FeedLag;
import org.ssi.feed.kafka.FeedTrace;
import org.ssi.feed.kafka.FeedTransport;
import org.ssi.scoring.feed.client.ActivityClient.Change;
import org.ssi.scoring.feed.client.ActivityInputs;
import org.ssi.scoring.feed.config.FeedTransportConfig;
import org.ssi.scoring.score.service.ScoringService;

/**
 * With {@code ssi.feed.transport=kafka}, consumes activity-service's changes through a {@link FeedConsumerLoop} in
 * the consumer group that every replica joins ({@code ssi.feed.kafka.group-id}), so each change is scored by one: for
 * each poll, rescores the members named (their inputs read from activity-service in batches, as the HTTP follower
 * does) in one transaction, and only then are the offsets committed. A crash replays the records after the last
 * commit, which rescores members to the same scores: nothing is lost, nothing counts twice. Its loop's liveness is
 * this service's: DOWN once the loop has died or stalled, so that Kubernetes restarts the pod. A poll is applied in
 * the span {@value ActivityFeedFollower#APPLY_SPAN}, linked to the traces of the records' {@code traceparent}
 * headers; the score changes it makes carry that span's traceparent.
 */
@ApplicationScoped
@Liveness
public class ActivityChangeConsumer implements HealthCheck {

    private final FeedTransportConfig config;
    private final ActivityInputs inputs;
    private final ScoringService scoring;
    private final Map<String, Object> kafka;
    private final ObjectMapper json;
    private final MeterRegistry registry;
    private final Tracer tracer;
    private FeedConsumerLoop loop;

    public ActivityChangeConsumer(
            FeedTransportConfig config,
            ActivityInputs inputs,
            ScoringService scoring,
            @Identifier("default-kafka-broker") Map<String, Object> kafka,
            ObjectMapper json,
            MeterRegistry registry,
            Tracer tracer) {
        this.config = config;
        this.inputs = inputs;
        this.scoring = scoring;
        this.kafka = kafka;
        this.json = json;
        this.registry = registry;
        this.tracer = tracer;
    }

    void start(@Observes StartupEvent start) {
        if (config.transport() != FeedTransport.KAFKA) {
            return;
        }
        FeedTransportConfig.Kafka settings = config.kafka();
        loop = new FeedConsumerLoop(
                new FeedConsumerLoop.Settings(
                        settings.activityTopic(),
                        settings.groupId(),
                        settings.batchSize(),
                        "activity-change-consumer",
                        "Scoring",
                        "activity changes",
                        FeedLag.SCORING_ACTIVITY_FEED,
                        settings.maxAttempts()),
                this::rescore,
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
        return HealthCheckResponse.named("activity-change-consumer")
                .status(loop == null || loop.alive())
                .withData("topic", config.kafka().activityTopic())
                .build();
    }

    /**
     * Rescores the members the records name, in one transaction, on a Vert.x context; waits for the commit. Their
     * inputs come in requests of up to {@value ActivityInputs#MAX_MEMBERS} members, as the HTTP follower asks; a
     * member activity-service does not know (any more) is left out rather than failing the poll.
     */
    private void rescore(ConsumerRecords<String, String> records) throws Exception {
        Set<String> members = new LinkedHashSet<>();
        List<String> traces = new ArrayList<>(records.count());
        for (ConsumerRecord<String, String> record : records) {
            members.add(memberOf(record));
            traces.add(FeedTrace.of(record));
        }
        LocalDate today = LocalDate.now(ZoneOffset.UTC);
        Span span = FeedTrace.startApplying(tracer, ActivityFeedFollower.APPLY_SPAN, traces, records.count());
        String traceparent = FeedTrace.traceparent(span.getSpanContext());
        Throwable failure = null;
        try {
            VertxContextSupport.subscribeAndAwait(
                    () -> inputs.of(members, today).chain(found -> scoring.recordTraced(found, traceparent)));
        } catch (Exception e) {
            failure = e;
            throw e;
        } catch (Throwable e) {
            failure = e;
            // an Error while scoring too: the records are read again rather than the loop ending
            throw new ExecutionException(e);
        } finally {
            FeedTrace.end(span, failure);
        }
    }

    private String memberOf(ConsumerRecord<String, String> record) throws IOException {
        return record.key() != null
                ? record.key()
                : json.readValue(record.value(), Change.class).memberId();
    }
}
