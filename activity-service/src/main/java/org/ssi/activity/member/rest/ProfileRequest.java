package org.ssi.activity.member.rest;

import org.ssi.activity.binding.Expect;

/** Which parts of a member's profile are filled in; an absent part is not. */
public record ProfileRequest(
        @Expect(value = "must be a boolean", nullable = false)
        Boolean photo,

        @Expect(value = "must be a boolean", nullable = false)
        Boolean coverPhoto,

        @Expect(value = "must be a boolean", nullable = false)
        Boolean headline,

        @Expect(value = "must be a boolean", nullable = false)
        Boolean summary,

        @Expect(value = "must be a boolean", nullable = false)
        Boolean experience,

        @Expect(value = "must be a boolean", nullable = false)
        Boolean education,

        @Expect(value = "must be a boolean", nullable = false)
        Boolean skills) {}
