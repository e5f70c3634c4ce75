package org.ssi.activity.ingestion.service;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import org.ssi.problem.Problem.FieldError;

/** Checks a batch of events against the contract of design/api.md, reporting every bad value by JSON pointer. */
public final class EventValidator {

    public static final int MAX_EVENTS = 10_000;
    public static final int MAX_COUNT = 10_000;
    static final Duration CLOCK_SKEW = Duration.ofMinutes(5);
    static final Duration OLDEST = Duration.ofDays(400);
    static final Pattern MEMBER_ID = Pattern.compile("[A-Za-z0-9._-]{1,64}");
    static final Pattern EVENT_ID = Pattern.compile("[A-Za-z0-9._-]{1,128}");
    private static final Set<String> EVENT_FIELDS =
            Set.of("eventId", "memberId", "type", "occurredAt", "count", "attributes");
    private static final Set<String> CONNECTION_ATTRIBUTES = Set.of("connectedMemberId", "seniority", "sameCompany");

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

    public Result validate(JsonNode events) {
        List<FieldError> errors = new ArrayList<>();
        List<ActivityEvent> valid = new ArrayList<>();
        for (int i = 0; i < events.size(); i++) {
            ActivityEvent event = validateEvent(events.get(i), "/events/" + i, errors);
            if (event != null) {
                valid.add(event);
            }
        }
        return new Result(valid, errors);
    }

    private ActivityEvent validateEvent(JsonNode node, String at, List<FieldError> errors) {
        if (!node.isObject()) {
            errors.add(new FieldError(at, "must be an object"));
            return null;
        }
        int before = errors.size();
        unknownFields(node, EVENT_FIELDS, at, errors);
        String eventId = id(node.get("eventId"), EVENT_ID, at + "/eventId", errors);
        String memberId = id(node.get("memberId"), MEMBER_ID, at + "/memberId", errors);
        EventType type = type(node.get("type"), at + "/type", errors);
        Instant occurredAt = occurredAt(node.get("occurredAt"), at + "/occurredAt", errors);
        int count = count(node.get("count"), at + "/count", errors);
        Attributes attributes = attributes(node.get("attributes"), type, memberId, at + "/attributes", errors);
        if (errors.size() > before) {
            return null;
        }
        return new ActivityEvent(
                eventId,
                memberId,
                type,
                occurredAt,
                count,
                attributes.json(),
                attributes.degree(),
                attributes.connectedMemberId(),
                attributes.seniority(),
                attributes.sameCompany());
    }

    private static void unknownFields(JsonNode node, Set<String> known, String at, List<FieldError> errors) {
        for (Iterator<String> names = node.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (!known.contains(name)) {
                errors.add(new FieldError(at + "/" + escape(name), "is not a known field"));
            }
        }
    }

    private static String id(JsonNode node, Pattern pattern, String at, List<FieldError> errors) {
        if (node == null || node.isNull()) {
            errors.add(new FieldError(at, "is required"));
            return null;
        }
        if (!node.isTextual() || !pattern.matcher(node.textValue()).matches()) {
            errors.add(new FieldError(at, "must be a string matching " + pattern.pattern()));
            return null;
        }
        return node.textValue();
    }

    private static EventType type(JsonNode node, String at, List<FieldError> errors) {
        if (node == null || node.isNull()) {
            errors.add(new FieldError(at, "is required"));
            return null;
        }
        EventType type = node.isTextual() ? EventType.parse(node.textValue()) : null;
        if (type == null) {
            errors.add(new FieldError(at, "is not a known event type"));
        }
        return type;
    }

    private Instant occurredAt(JsonNode node, String at, List<FieldError> errors) {
        if (node == null || node.isNull()) {
            errors.add(new FieldError(at, "is required"));
            return null;
        }
        Instant occurredAt;
        try {
            occurredAt =
                    node.isTextual() ? OffsetDateTime.parse(node.textValue()).toInstant() : null;
        } catch (DateTimeParseException e) {
            occurredAt = null;
        }
        if (occurredAt == null) {
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

    private static int count(JsonNode node, String at, List<FieldError> errors) {
        if (node == null) {
            return 1;
        }
        if (!node.isIntegralNumber() || !node.canConvertToInt() || node.intValue() < 1 || node.intValue() > MAX_COUNT) {
            errors.add(new FieldError(at, "must be an integer from 1 to " + MAX_COUNT));
            return 0;
        }
        return node.intValue();
    }

    private record Attributes(
            String json, Integer degree, String connectedMemberId, Seniority seniority, boolean sameCompany) {}

    private static Attributes attributes(
            JsonNode node, EventType type, String memberId, String at, List<FieldError> errors) {
        ObjectNode canonical = JsonNodeFactory.instance.objectNode();
        if (node == null || node.isNull()) {
            return new Attributes("{}", null, null, null, false);
        }
        if (!node.isObject()) {
            errors.add(new FieldError(at, "must be an object"));
            return null;
        }
        Map<String, JsonNode> fields = new HashMap<>();
        node.fields().forEachRemaining(field -> fields.put(field.getKey(), field.getValue()));
        Integer degree = null;
        String connected = null;
        Seniority seniority = null;
        boolean sameCompany = false;
        if (type == EventType.PROFILE_VIEW_MADE) {
            unknownFields(node, Set.of("degree"), at, errors);
            JsonNode value = fields.get("degree");
            if (value != null) {
                if (!value.isIntegralNumber()
                        || !value.canConvertToInt()
                        || value.intValue() < 1
                        || value.intValue() > 3) {
                    errors.add(new FieldError(at + "/degree", "must be 1, 2 or 3"));
                } else {
                    degree = value.intValue();
                    canonical.put("degree", degree);
                }
            }
        } else if (type != null && type.isConnectionChange()) {
            unknownFields(node, CONNECTION_ATTRIBUTES, at, errors);
            if (fields.containsKey("connectedMemberId")) {
                connected = id(fields.get("connectedMemberId"), MEMBER_ID, at + "/connectedMemberId", errors);
                if (connected != null && connected.equals(memberId)) {
                    errors.add(new FieldError(at + "/connectedMemberId", "must be another member"));
                }
                canonical.put("connectedMemberId", connected);
            }
            JsonNode level = fields.get("seniority");
            if (level != null && !level.isNull()) {
                seniority = level.isTextual() ? Seniority.parse(level.textValue()) : null;
                if (seniority == null) {
                    errors.add(new FieldError(
                            at + "/seniority", "must be one of ENTRY, SENIOR, MANAGER, DIRECTOR, VP, CXO"));
                } else {
                    canonical.put("seniority", seniority.name());
                }
            }
            JsonNode company = fields.get("sameCompany");
            if (company != null && !company.isNull()) {
                if (!company.isBoolean()) {
                    errors.add(new FieldError(at + "/sameCompany", "must be a boolean"));
                } else {
                    sameCompany = company.booleanValue();
                    canonical.put("sameCompany", sameCompany);
                }
            }
        } else if (!fields.isEmpty()) {
            unknownFields(node, Set.of(), at, errors);
        }
        return new Attributes(canonical.toString(), degree, connected, seniority, sameCompany);
    }

    private static String escape(String name) {
        return name.replace("~", "~0").replace("/", "~1");
    }
}
