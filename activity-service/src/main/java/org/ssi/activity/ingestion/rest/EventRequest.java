package org.ssi.activity.ingestion.rest;

import org.ssi.activity.binding.Expect;
import org.ssi.activity.ingestion.service.EventType;
import org.ssi.activity.ingestion.service.EventValidator;

/**
 * An activity event as a batch carries it; {@link EventValidator} checks what its types cannot say (ids, time,
 * ranges, attributes by event type).
 *
 * @param count how many times it happened; absent means 1
 * @param attributes what qualifies the event; absent or null means none
 */
public record EventRequest(
        @Expect(value = "must be a string matching " + EventValidator.EVENT_ID_PATTERN, missing = "is required")
        String eventId,

        @Expect(value = "must be a string matching " + EventValidator.MEMBER_ID_PATTERN, missing = "is required")
        String memberId,

        @Expect(value = "is not a known event type", missing = "is required")
        EventType type,

        @Expect(value = "must be an RFC 3339 date-time with an offset", missing = "is required")
        String occurredAt,

        @Expect(value = "must be an integer from 1 to " + EventValidator.MAX_COUNT, nullable = false)
        Integer count,

        @Expect("must be an object") AttributesRequest attributes) {}
