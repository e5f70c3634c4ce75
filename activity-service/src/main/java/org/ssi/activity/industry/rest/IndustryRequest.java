package org.ssi.activity.industry.rest;

import org.ssi.activity.binding.Expect;
import org.ssi.activity.industry.service.IndustryCatalogue;

/**
 * An industry as {@code PUT /api/v1/admin/industries/{code}} takes it: {@code {"name": "Software"}}.
 *
 * @param code optional; when given, the code of the path
 * @param name optional; its name for people
 */
@Expect("must be a JSON object such as {\"name\": \"Software\"}")
public record IndustryRequest(
        @Expect(value = "must equal the code of the path", nullable = false)
        String code,

        @Expect(IndustryCatalogue.NAME_RULE) String name) {}
