package org.ssi.activity.ingestion.rest;

import java.util.List;
import org.ssi.activity.binding.Expect;

/** The body of {@code POST /api/v1/activities}: {@code {"events": [1 to 10,000 events]}} and no other member. */
public record ActivityBatchRequest(
        @Expect(value = "is required", element = "must be an object", missing = "is required")
        List<EventRequest> events) {}
