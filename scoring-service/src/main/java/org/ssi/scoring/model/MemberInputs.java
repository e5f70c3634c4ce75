package org.ssi.scoring.model;

import java.time.LocalDate;
import java.util.Map;

/**
 * What activity-service reports about a member for a day (this service's own copy of that contract).
 *
 * @param inWindow per metric, the total over the 90-day window ending on {@code day}
 * @param toDate per metric, the total of all days up to {@code day}
 * @param memberConnections current connections to other members, by their seniority
 */
public record MemberInputs(
        String memberId,
        String industry,
        String seniority,
        String teamId,
        Profile profile,
        LocalDate day,
        Map<String, Long> inWindow,
        Map<String, Long> toDate,
        int activeDays,
        Map<String, Long> memberConnections) {

    /** Which parts of the member's profile are filled in. */
    public record Profile(
            boolean photo,
            boolean coverPhoto,
            boolean headline,
            boolean summary,
            boolean experience,
            boolean education,
            boolean skills) {}

    public long window(String metric) {
        return inWindow == null ? 0 : inWindow.getOrDefault(metric, 0L);
    }

    public long total(String metric) {
        return toDate == null ? 0 : toDate.getOrDefault(metric, 0L);
    }

    public long connectedMembers(String... seniorities) {
        if (memberConnections == null) {
            return 0;
        }
        if (seniorities.length == 0) {
            return memberConnections.values().stream()
                    .mapToLong(Long::longValue)
                    .sum();
        }
        long sum = 0;
        for (String seniority : seniorities) {
            sum += memberConnections.getOrDefault(seniority, 0L);
        }
        return sum;
    }
}
