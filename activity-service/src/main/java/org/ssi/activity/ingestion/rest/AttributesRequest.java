package org.ssi.activity.ingestion.rest;

import java.util.Optional;
import org.ssi.activity.binding.Expect;
import org.ssi.activity.ingestion.service.EventValidator;
import org.ssi.activity.ingestion.service.Seniority;

/**
 * The attributes of an event; which of them an event may carry depends on its type ({@link EventValidator}). Each is
 * null when absent and empty when given as {@code null}, as the two mean different things for some types.
 *
 * @param degree the degree of the member whose profile was viewed (PROFILE_VIEW_MADE)
 * @param connectedMemberId the other member of a connection change, when in the directory
 * @param seniority the seniority of a connection outside the directory
 * @param sameCompany whether a connection outside the directory works for the same company
 */
public record AttributesRequest(
        @Expect("must be 1, 2 or 3") Optional<Integer> degree,

        @Expect("must be a string matching " + EventValidator.MEMBER_ID_PATTERN)
        Optional<String> connectedMemberId,

        @Expect("must be one of ENTRY, SENIOR, MANAGER, DIRECTOR, VP, CXO")
        Optional<Seniority> seniority,

        @Expect("must be a boolean") Optional<Boolean> sameCompany) {}
