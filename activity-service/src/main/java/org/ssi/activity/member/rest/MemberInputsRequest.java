package org.ssi.activity.member.rest;

import java.util.List;
import org.ssi.activity.binding.Expect;
import org.ssi.activity.member.service.MemberService;

/**
 * The body of {@code POST /internal/member-inputs}.
 *
 * @param day YYYY-MM-DD; absent means today (UTC)
 * @param members 1 to {@value MemberInputsBatchResource#MAX_MEMBERS} member ids
 */
@Expect("must be an object")
public record MemberInputsRequest(
        @Expect("must be a date YYYY-MM-DD") String day,

        @Expect(
                value = MemberInputsBatchResource.MEMBERS_RULE,
                element = "must be a string matching " + MemberService.ID_PATTERN,
                missing = MemberInputsBatchResource.MEMBERS_RULE)
        List<String> members) {}
