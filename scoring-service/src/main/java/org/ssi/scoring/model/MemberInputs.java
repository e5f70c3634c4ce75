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

    /** Whether the named profile field (photo, coverPhoto, ...) is filled in. */
    public boolean profileField(String field) {
        if (profile == null) {
            return false;
        }
        return switch (field) {
            case "photo" -> profile.photo();
            case "coverPhoto" -> profile.coverPhoto();
            case "headline" -> profile.headline();
            case "summary" -> profile.summary();
            case "experience" -> profile.experience();
            case "education" -> profile.education();
            case "skills" -> profile.skills();
            default -> false;
        };
    }

    /** The same member with the profile field filled in. */
    public MemberInputs withProfileField(String field) {
        Profile p = profile == null ? new Profile(false, false, false, false, false, false, false) : profile;
        Profile filled = new Profile(
                p.photo() || field.equals("photo"),
                p.coverPhoto() || field.equals("coverPhoto"),
                p.headline() || field.equals("headline"),
                p.summary() || field.equals("summary"),
                p.experience() || field.equals("experience"),
                p.education() || field.equals("education"),
                p.skills() || field.equals("skills"));
        return new MemberInputs(
                memberId, industry, seniority, teamId, filled, day, inWindow, toDate, activeDays, memberConnections);
    }

    /** The same member having done more: the amounts are added to the window and to the totals. */
    public MemberInputs plus(Map<String, Long> amounts) {
        Map<String, Long> window = inWindow == null ? new java.util.HashMap<>() : new java.util.HashMap<>(inWindow);
        Map<String, Long> totals = toDate == null ? new java.util.HashMap<>() : new java.util.HashMap<>(toDate);
        amounts.forEach((metric, amount) -> {
            window.merge(metric, amount, Long::sum);
            totals.merge(metric, amount, Long::sum);
        });
        return new MemberInputs(
                memberId, industry, seniority, teamId, profile, day, window, totals, activeDays, memberConnections);
    }

    /** The same inputs as of another day (a member whose window has not changed since). */
    public MemberInputs onDay(LocalDate other) {
        return new MemberInputs(
                memberId, industry, seniority, teamId, profile, other, inWindow, toDate, activeDays, memberConnections);
    }

    public MemberInputs withActiveDays(int days) {
        return new MemberInputs(
                memberId, industry, seniority, teamId, profile, day, inWindow, toDate, days, memberConnections);
    }

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
