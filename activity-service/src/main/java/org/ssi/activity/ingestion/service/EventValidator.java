package org.ssi.activity.ingestion.service;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.ssi.activity.ingestion.rest.AttributesRequest;
import org.ssi.activity.ingestion.rest.EventRequest;
import org.ssi.problem.Problem.FieldError;

/**
 * Checks a bound batch of events against the contract of design/api.md, reporting every bad value by JSON pointer:
 * what binding found (a value of the wrong type, a member the contract does not name) and what the types cannot say
 * (id patterns, the time window, ranges, which attributes an event type takes).
 */
public final class EventValidator {

    public static final int MAX_EVENTS = 10_000;
    public static final int MAX_COUNT = 10_000;
    public static final String MEMBER_ID_PATTERN = "[A-Za-z0-9._-]{1,64}";
    public static final String EVENT_ID_PATTERN = "[A-Za-z0-9._-]{1,128}";
    static final Duration CLOCK_SKEW = Duration.ofMinutes(5);
    static final Duration OLDEST = Duration.ofDays(400);
    static final Pattern MEMBER_ID = Pattern.compile(MEMBER_ID_PATTERN);
    static final Pattern EVENT_ID = Pattern.compile(EVENT_ID_PATTERN);
    private static final Pattern EVENT_POINTER = Pattern.compile("/events/(\\d+)(/.*)?");
    private static final String UNKNOWN_FIELD = "is not a known field";

    private final Clock clock;

    public EventValidator(Clock clock) {
        this.clock = clock;
    }

    /** The outcome: the events when every one is valid, otherwise the errors. */
    public record Result(List<ActivityEvent> events, List<FieldError> errors) {
        public boolean valid() {
            return errors.isEmpty();
        }
    }

    /**
     * @param events the events as bound, null where an element was no object
     * @param bindingErrors what binding found within {@code /events}
     */
    public Result validate(List<EventRequest> events, List<FieldError> bindingErrors) {
        Map<Integer, List<FieldError>> bound = byEvent(bindingErrors);
        List<FieldError> errors = new ArrayList<>();
        List<ActivityEvent> valid = new ArrayList<>();
        for (int i = 0; i < events.size(); i++) {
            List<FieldError> found = new ArrayList<>(bound.getOrDefault(i, List.of()));
            ActivityEvent event = validateEvent(events.get(i), "/events/" + i, found);
            errors.addAll(found);
            if (event != null && found.isEmpty()) {
                valid.add(event);
            }
        }
        return new Result(valid, errors);
    }

    private static Map<Integer, List<FieldError>> byEvent(List<FieldError> bindingErrors) {
        Map<Integer, List<FieldError>> byEvent = new HashMap<>();
        for (FieldError error : bindingErrors) {
            Matcher index = EVENT_POINTER.matcher(error.pointer());
            if (index.matches()) {
                byEvent.computeIfAbsent(Integer.parseInt(index.group(1)), i -> new ArrayList<>())
                        .add(error);
            }
        }
        return byEvent;
    }

    private ActivityEvent validateEvent(EventRequest event, String at, List<FieldError> errors) {
        if (event == null) {
            return null;
        }
        String eventId = matching(event.eventId(), EVENT_ID, at + "/eventId", errors);
        String memberId = matching(event.memberId(), MEMBER_ID, at + "/memberId", errors);
        Instant occurredAt = occurredAt(event.occurredAt(), at + "/occurredAt", errors);
        int count = count(event.count(), at + "/count", errors);
        Attributes attributes = attributes(event.attributes(), event.type(), memberId, at + "/attributes", errors);
        if (eventId == null || memberId == null || event.type() == null || occurredAt == null) {
            return null;
        }
        return new ActivityEvent(
                eventId,
                memberId,
                event.type(),
                occurredAt,
                count,
                attributes.json(),
                attributes.degree(),
                attributes.connectedMemberId(),
                attributes.seniority(),
                attributes.sameCompany());
    }

    /** A bound string (null when absent or refused by binding) that must also match its pattern. */
    private static String matching(String value, Pattern pattern, String at, List<FieldError> errors) {
        if (value == null) {
            return null;
        }
        if (!pattern.matcher(value).matches()) {
            errors.add(new FieldError(at, "must be a string matching " + pattern.pattern()));
            return null;
        }
        return value;
    }

    private Instant occurredAt(String value, String at, List<FieldError> errors) {
        if (value == null) {
            return null;
        }
        Instant occurredAt;
        try {
            occurredAt = OffsetDateTime.parse(value).toInstant();
        } catch (DateTimeParseException e) {
            errors.add(new FieldError(at, "must be an RFC 3339 date-time with an offset"));
            return null;
        }
        Instant now = clock.instant();
        if (occurredAt.isAfter(now.plus(CLOCK_SKEW))) {
            errors.add(new FieldError(at, "must not be in the future"));
        } else if (occurredAt.isBefore(now.minus(OLDEST))) {
            errors.add(new FieldError(at, "must not be older than 400 days"));
        }
        return occurredAt;
    }

    private static int count(Integer count, String at, List<FieldError> errors) {
        if (count == null) {
            return 1;
        }
        if (count < 1 || count > MAX_COUNT) {
            errors.add(new FieldError(at, "must be an integer from 1 to " + MAX_COUNT));
            return 0;
        }
        return count;
    }

    private record Attributes(
            String json, Integer degree, String connectedMemberId, Seniority seniority, boolean sameCompany) {}

    /**
     * Which attributes a type takes: a profile view made its degree, a connection change the other member or, for a
     * connection outside the directory, its seniority and company; any other type none. The stored JSON is the
     * canonical form of the valid attributes, so that a replayed event is a duplicate however it was written.
     */
    private static Attributes attributes(
            AttributesRequest attributes, EventType type, String memberId, String at, List<FieldError> errors) {
        if (attributes == null) {
            return new Attributes("{}", null, null, null, false);
        }
        Set<String> allowed = type == EventType.PROFILE_VIEW_MADE
                ? Set.of("degree")
                : type != null && type.isConnectionChange()
                        ? Set.of("connectedMemberId", "seniority", "sameCompany")
                        : Set.of();
        refuseOthers("degree", attributes.degree(), allowed, at, errors);
        refuseOthers("connectedMemberId", attributes.connectedMemberId(), allowed, at, errors);
        refuseOthers("seniority", attributes.seniority(), allowed, at, errors);
        refuseOthers("sameCompany", attributes.sameCompany(), allowed, at, errors);
        ObjectNode canonical = JsonNodeFactory.instance.objectNode();
        Integer degree = null;
        String connected = null;
        Seniority seniority = null;
        boolean sameCompany = false;
        if (type == EventType.PROFILE_VIEW_MADE && attributes.degree() != null) {
            degree = attributes.degree().orElse(null);
            if (degree == null || degree < 1 || degree > 3) {
                if (!hasError(errors, at + "/degree")) {
                    errors.add(new FieldError(at + "/degree", "must be 1, 2 or 3"));
                }
                degree = null;
            } else {
                canonical.put("degree", degree);
            }
        } else if (type != null && type.isConnectionChange()) {
            if (attributes.connectedMemberId() != null) {
                connected = connectedMember(attributes.connectedMemberId(), memberId, at, errors);
                canonical.put("connectedMemberId", connected);
            }
            seniority = present(attributes.seniority());
            if (seniority != null) {
                canonical.put("seniority", seniority.name());
            }
            Boolean company = present(attributes.sameCompany());
            if (company != null) {
                sameCompany = company;
                canonical.put("sameCompany", sameCompany);
            }
        }
        return new Attributes(canonical.toString(), degree, connected, seniority, sameCompany);
    }

    private static String connectedMember(
            Optional<String> connectedMemberId, String memberId, String at, List<FieldError> errors) {
        String pointer = at + "/connectedMemberId";
        if (connectedMemberId.isEmpty()) {
            if (!hasError(errors, pointer)) {
                errors.add(new FieldError(pointer, "is required"));
            }
            return null;
        }
        String connected = matching(connectedMemberId.get(), MEMBER_ID, pointer, errors);
        if (connected != null && connected.equals(memberId)) {
            errors.add(new FieldError(pointer, "must be another member"));
        }
        return connected;
    }

    /** An attribute the event's type does not take is unknown, whatever its value. */
    private static void refuseOthers(
            String name, Optional<?> value, Set<String> allowed, String at, List<FieldError> errors) {
        String pointer = at + "/" + name;
        if (value != null && !allowed.contains(name) && !hasError(errors, pointer)) {
            errors.add(new FieldError(pointer, UNKNOWN_FIELD));
        }
    }

    private static boolean hasError(List<FieldError> errors, String pointer) {
        return errors.stream().anyMatch(error -> error.pointer().equals(pointer));
    }

    private static <T> T present(Optional<T> value) {
        return value == null ? null : value.orElse(null);
    }
}
