package org.ssi.activity.member.rest;

import org.ssi.activity.binding.Expect;
import org.ssi.activity.industry.service.IndustryCatalogue;
import org.ssi.activity.member.service.MemberService;

/**
 * A member as {@code PUT /api/v1/members/{memberId}} takes it, and as a member line of the directory import carries
 * it; {@link MemberService#parse} checks what the types cannot say.
 *
 * @param memberId optional; when given, the member id of the path
 * @param seniority one of ENTRY, SENIOR, MANAGER, DIRECTOR, VP, CXO, or absent
 * @param teamId the member's team, or absent
 * @param profile which parts of the profile are filled in; absent means none
 */
@Expect("must be an object")
public record MemberRequest(
        @Expect(value = "must equal the member id of the path", nullable = false)
        String memberId,

        @Expect(value = "must be a string matching " + MemberService.LOGIN_PATTERN, missing = "is required")
        String login,

        @Expect(value = "must be a string matching " + MemberService.DISPLAY_NAME_PATTERN, missing = "is required")
        String displayName,

        @Expect(value = "must be a string matching " + IndustryCatalogue.CODE_PATTERN, missing = "is required")
        String industry,

        @Expect("must be a string matching " + MemberService.SENIORITY_PATTERN)
        String seniority,

        @Expect("must be a string matching " + MemberService.ID_PATTERN)
        String teamId,

        @Expect("must be an object of booleans") ProfileRequest profile) {}
