package org.ssi.activity.member.service;

import java.time.LocalDate;
import java.util.Map;

/**
 * Everything the scoring model reads about one member for one day.
 *
 * @param inWindow per metric, the total over the 90-day window ending on {@code day}
 * @param toDate per metric, the total of all days up to {@code day} (for state metrics such as followers)
 * @param activeDays days of the window with at least one event
 * @param memberConnections current connections to other members, by their seniority ("NONE" when unknown)
 */
public record MemberInputs(
        String memberId,
        String industry,
        String seniority,
        String teamId,
        Member.Profile profile,
        LocalDate day,
        Map<String, Long> inWindow,
        Map<String, Long> toDate,
        int activeDays,
        Map<String, Long> memberConnections) {}
