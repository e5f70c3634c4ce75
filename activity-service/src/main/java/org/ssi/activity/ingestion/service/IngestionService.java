package org.ssi.activity.ingestion.service;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.SqlConnection;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.ssi.activity.binding.Bound;
import org.ssi.activity.feed.repository.ChangeFeedRepository;
import org.ssi.activity.ingestion.repository.ConnectionRepository;
import org.ssi.activity.ingestion.repository.EventRepository;
import org.ssi.activity.ingestion.rest.ActivityBatchRequest;
import org.ssi.activity.ingestion.rest.EventRequest;
import org.ssi.activity.retention.repository.RetentionRepository;
import org.ssi.problem.Problem;
import org.ssi.problem.Problem.FieldError;
import org.ssi.problem.ProblemException;
import org.ssi.problem.ProblemType;

/**
 * Ingests a batch of events atomically: the events, their daily totals, the connection graph and the change feed
 * are written in one transaction, or nothing is.
 */
@ApplicationScoped
public class IngestionService {

    /** What a batch did: events newly stored, and events that were already stored with the same content. */
    public record IngestionResult(int accepted, int duplicates) {}

    private final Pool pool;
    private final EventRepository events;
    private final ConnectionRepository connections;
    private final ChangeFeedRepository feed;
    private final RetentionRepository retention;
    private final EventValidator validator = new EventValidator(Clock.systemUTC());
    private final Counter acceptedEvents;
    private final Counter duplicateEvents;
    private final Counter rejectedEvents;

    public IngestionService(
            Pool pool,
            EventRepository events,
            ConnectionRepository connections,
            ChangeFeedRepository feed,
            RetentionRepository retention,
            MeterRegistry registry) {
        this.pool = pool;
        this.events = events;
        this.connections = connections;
        this.feed = feed;
        this.retention = retention;
        this.acceptedEvents = eventCounter(registry, "accepted");
        this.duplicateEvents = eventCounter(registry, "duplicate");
        this.rejectedEvents = eventCounter(registry, "rejected");
    }

    /**
     * {@code ssi_events_total{outcome}}: events stored (accepted), events already stored (duplicate), and events of
     * batches refused with a problem (rejected; a body that is not a batch counts as one), so that an operator sees
     * a CRM whose batches all fail, or one that sends everything twice.
     */
    private static Counter eventCounter(MeterRegistry registry, String outcome) {
        return Counter.builder("ssi.events")
                .description("Activity events received, by what ingestion did with them")
                .tag("outcome", outcome)
                .register(registry);
    }

    public Uni<IngestionResult> ingest(Bound<ActivityBatchRequest> body) {
        List<ActivityEvent> batch;
        List<ActivityEvent> distinct;
        try {
            batch = validate(body);
            distinct = withoutRepeats(batch);
        } catch (ProblemException e) {
            rejectedEvents.increment(eventsIn(body));
            throw e;
        }
        return pool.withTransaction(connection -> store(connection, distinct))
                .map(stored -> new IngestionResult(stored, batch.size() - stored))
                .invoke(this::count)
                .onFailure(ProblemException.class)
                .invoke(() -> rejectedEvents.increment(batch.size()));
    }

    private void count(IngestionResult result) {
        acceptedEvents.increment(result.accepted());
        duplicateEvents.increment(result.duplicates());
    }

    private static int eventsIn(Bound<ActivityBatchRequest> body) {
        List<EventRequest> list = body.value() == null ? null : body.value().events();
        return list != null ? Math.max(1, list.size()) : 1;
    }

    private List<ActivityEvent> validate(Bound<ActivityBatchRequest> body) {
        List<EventRequest> list = body.value() == null ? null : body.value().events();
        if (list == null) {
            throw new ProblemException(Problem.invalid(
                    "The body must be {\"events\": [...]}", List.of(new FieldError("/events", "is required"))));
        }
        List<FieldError> unknown = unknownMembers(body.errors());
        if (!unknown.isEmpty()) {
            throw new ProblemException(
                    Problem.invalid("A batch has no member but \"events\"; nothing was stored", unknown));
        }
        if (list.size() > EventValidator.MAX_EVENTS) {
            throw new ProblemException(
                    ProblemType.PAYLOAD_TOO_LARGE,
                    "A batch holds at most " + EventValidator.MAX_EVENTS + " events; this one has " + list.size());
        }
        if (list.isEmpty()) {
            throw new ProblemException(Problem.invalid(
                    "A batch holds at least one event", List.of(new FieldError("/events", "is empty"))));
        }
        EventValidator.Result result = validator.validate(list, body.errors());
        if (!result.valid()) {
            throw new ProblemException(Problem.invalid("Some events are not valid; none was stored", result.errors()));
        }
        return result.events();
    }

    /** Keeps the first of identical repeats within the batch; a repeat with other content is a conflict. */
    private static List<ActivityEvent> withoutRepeats(List<ActivityEvent> batch) {
        Map<String, ActivityEvent> byId = new HashMap<>();
        List<ActivityEvent> distinct = new ArrayList<>();
        for (ActivityEvent event : batch) {
            ActivityEvent first = byId.putIfAbsent(event.eventId(), event);
            if (first == null) {
                distinct.add(event);
            } else if (!first.equals(event)) {
                throw conflict(Set.of(event.eventId()));
            }
        }
        return distinct;
    }

    private Uni<Integer> store(SqlConnection connection, List<ActivityEvent> batch) {
        return retention
                .shareLock(connection)
                .chain(() -> checkMembersExist(connection, batch))
                .chain(() -> events.insertNew(connection, batch))
                .chain(inserted -> storeNew(connection, batch, inserted));
    }

    private Uni<Void> checkMembersExist(SqlConnection connection, List<ActivityEvent> batch) {
        Set<String> referenced = new TreeSet<>();
        for (ActivityEvent event : batch) {
            referenced.add(event.memberId());
            if (event.connectedMemberId() != null) {
                referenced.add(event.connectedMemberId());
            }
        }
        return events.existingMembers(connection, referenced)
                .invoke(existing -> rejectUnknown(batch, existing))
                .replaceWithVoid();
    }

    private static void rejectUnknown(List<ActivityEvent> batch, Set<String> existing) {
        List<FieldError> errors = new ArrayList<>();
        for (int i = 0; i < batch.size(); i++) {
            ActivityEvent event = batch.get(i);
            if (!existing.contains(event.memberId())) {
                errors.add(new FieldError("/events/" + i + "/memberId", "is not a member of the directory"));
            }
            if (event.connectedMemberId() != null && !existing.contains(event.connectedMemberId())) {
                errors.add(new FieldError(
                        "/events/" + i + "/attributes/connectedMemberId", "is not a member of the directory"));
            }
        }
        if (!errors.isEmpty()) {
            throw new ProblemException(Problem.invalid("Some events name unknown members; none was stored", errors));
        }
    }

    private Uni<Integer> storeNew(SqlConnection connection, List<ActivityEvent> batch, Set<String> inserted) {
        List<ActivityEvent> fresh =
                batch.stream().filter(e -> inserted.contains(e.eventId())).toList();
        List<ActivityEvent> repeated =
                batch.stream().filter(e -> !inserted.contains(e.eventId())).toList();
        Uni<Void> checked = repeated.isEmpty()
                ? Uni.createFrom().voidItem()
                : events.conflicting(connection, repeated)
                        .invoke(IngestionService::rejectConflicts)
                        .replaceWithVoid();
        if (fresh.isEmpty()) {
            return checked.replaceWith(0);
        }
        return checked.chain(() -> events.addToDailyTotals(connection, fresh))
                .chain(() -> connections.apply(connection, fresh))
                .chain(() -> feed.append(connection, affectedMembers(fresh), "activity"))
                .replaceWith(fresh.size());
    }

    private static void rejectConflicts(Set<String> conflicting) {
        if (!conflicting.isEmpty()) {
            throw conflict(conflicting);
        }
    }

    private static ProblemException conflict(Set<String> eventIds) {
        return new ProblemException(Problem.of(
                        ProblemType.CONFLICT,
                        "Event ids already used with other content; none of the batch was stored: "
                                + String.join(
                                        ", ",
                                        new TreeSet<>(eventIds)
                                                .stream().limit(20).toList()))
                .with("eventIds", List.copyOf(new TreeSet<>(eventIds))));
    }

    private static Set<String> affectedMembers(List<ActivityEvent> fresh) {
        Set<String> members = new LinkedHashSet<>();
        for (ActivityEvent event : fresh) {
            members.add(event.memberId());
            if (event.connectedMemberId() != null) {
                members.add(event.connectedMemberId());
            }
        }
        return members;
    }

    /**
     * A batch is {"events": [...]} and nothing else, as the contract says (additionalProperties: false): the errors
     * binding found outside the events are the members it does not know.
     */
    private static List<FieldError> unknownMembers(List<FieldError> bindingErrors) {
        return bindingErrors.stream()
                .filter(error ->
                        !error.pointer().equals("/events") && !error.pointer().startsWith("/events/"))
                .toList();
    }
}
