package org.ssi.devstack.simulation;

import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * The events of one simulated rep over {@code days} days ending the day before {@code end}, as a CRM or a LinkedIn
 * export would post them: per week and event type one event whose {@code count} is the week's total, placed on one of
 * the rep's active days of that week (every active day gets at least one event, so days active are counted right).
 * Derived activity follows the rep's own: InMail replies from InMails and the rep's response rate, accepted
 * connections from requests and the acceptance rate, views and engagement from posts and the size of the network.
 *
 * <p>The network the rep built before the simulated period is posted on one day before the 90-day window: connections
 * outside the directory as counted events (VP, CXO, coworkers), and each connection to another member as its own
 * event naming that member (by the lower member of the pair).
 *
 * <p>Event ids name the seed, the member, the day and the type, so posting the same simulation (same seed, same end
 * day) again changes nothing.
 */
public final class SimulatedActivity {

    /** Days summed into one event per type. */
    static final int BUCKET_DAYS = 7;

    static final int WINDOW_DAYS = 90;
    static final int MAX_COUNT = 10_000;
    static final double THIRD_DEGREE_SHARE = 0.35;
    static final double POST_REACH = 0.08;
    static final double POST_ENGAGEMENT = 0.04;
    static final double ARTICLE_ENGAGEMENT = 0.05;
    static final double ARTICLE_FOLLOW = 0.005;
    static final double VIEW_BACK = 0.1;
    static final double FOLLOWER_CHURN = 0.1;

    private SimulatedActivity() {}

    /** One event of the public API, {@code POST /activities}. */
    public record Event(
            String eventId,
            String memberId,
            String type,
            LocalDate day,
            int count,
            Integer degree,
            String connectedMemberId,
            String seniority,
            boolean sameCompany) {

        static Event of(String eventId, String memberId, String type, LocalDate day, int count) {
            return new Event(eventId, memberId, type, day, count, null, null, null, false);
        }

        /** The event as JSON; ids and types need no escaping (they match [A-Za-z0-9._-]). */
        public void appendJson(StringBuilder json) {
            json.append("{\"eventId\":\"")
                    .append(eventId)
                    .append("\",\"memberId\":\"")
                    .append(memberId)
                    .append("\",\"type\":\"")
                    .append(type)
                    .append("\",\"occurredAt\":\"")
                    .append(day.atTime(10, 0).toInstant(ZoneOffset.UTC))
                    .append("\",\"count\":")
                    .append(count)
                    .append(",\"attributes\":{");
            List<String> attributes = new ArrayList<>(2);
            if (degree != null) {
                attributes.add("\"degree\":" + degree);
            }
            if (connectedMemberId != null) {
                attributes.add("\"connectedMemberId\":\"" + connectedMemberId + "\"");
            }
            if (seniority != null) {
                attributes.add("\"seniority\":\"" + seniority + "\"");
            }
            if (sameCompany) {
                attributes.add("\"sameCompany\":true");
            }
            json.append(String.join(",", attributes)).append("}}");
        }
    }

    /** The day the network built in earlier years is posted on: before the first day and outside the window. */
    static LocalDate networkDay(LocalDate end, int days) {
        return end.minusDays(Math.max(days, WINDOW_DAYS) + 1L);
    }

    /** All events of the member, network first, then the days in order. */
    public static List<Event> of(SimulatedOrganisation organisation, int index, LocalDate end, int days) {
        SimulatedOrganisation.Member member = organisation.members().get(index);
        Traits traits = member.traits();
        String prefix = "s" + organisation.seed() + "-" + member.id() + "-";
        SplittableRandom random = new SplittableRandom(Traits.mix(organisation.seed(), index, 2));
        List<Event> events = new ArrayList<>();
        long windowAdds = 0;
        LocalDate first = end.minusDays(days);
        for (int start = 0; start < days; start += BUCKET_DAYS) {
            List<LocalDate> active = new ArrayList<>();
            double perDay = traits.activeDays() / WINDOW_DAYS;
            for (int d = start; d < Math.min(days, start + BUCKET_DAYS); d++) {
                if (random.nextDouble() < perDay) {
                    active.add(first.plusDays(d));
                }
            }
            if (active.isEmpty()) {
                continue;
            }
            Map<String, Long> week = week(traits, active.size() / (WINDOW_DAYS * perDay), random);
            windowAdds += week.getOrDefault("CONNECTION_ADDED", 0L);
            place(prefix, member.id(), week, active, events);
        }
        List<Event> network = network(organisation, member, prefix, networkDay(end, days), windowAdds);
        network.addAll(events);
        return network;
    }

    /**
     * What the rep does in a week with {@code share} of their 90 days' activity: the habits, then what follows from
     * them.
     */
    private static Map<String, Long> week(Traits traits, double share, SplittableRandom random) {
        Map<String, Long> week = new LinkedHashMap<>();
        traits.habits().forEach((type, habit) -> week.put(type, Sampling.poisson(random, habit * share)));
        long views = week.getOrDefault("PROFILE_VIEW_MADE", 0L);
        long thirdDegree = Sampling.binomial(random, views, THIRD_DEGREE_SHARE);
        week.put("PROFILE_VIEW_MADE", views - thirdDegree);
        week.put("PROFILE_VIEW_MADE:degree=3", thirdDegree);
        long inmails = week.getOrDefault("INMAIL_SENT", 0L);
        week.put("INMAIL_REPLY_RECEIVED", Sampling.binomial(random, inmails, traits.inmailResponse()));
        long requests = week.getOrDefault("CONNECTION_REQUEST_SENT", 0L);
        long added = Sampling.binomial(random, requests, traits.requestAcceptance())
                + Sampling.poisson(random, traits.inboundAccepts() * share);
        week.put("CONNECTION_ADDED", added);
        long posts = week.getOrDefault("POST_SHARED", 0L);
        long articles = week.getOrDefault("ARTICLE_PUBLISHED", 0L);
        double postViews = posts * POST_REACH * traits.external();
        double articleViews = articles * 2 * POST_REACH * traits.external();
        week.put("POST_VIEW_RECEIVED", Sampling.poisson(random, postViews + articleViews));
        week.put("ENGAGEMENT_RECEIVED", Sampling.poisson(random, postViews * POST_ENGAGEMENT));
        week.put("ARTICLE_ENGAGEMENT_RECEIVED", Sampling.poisson(random, articleViews * ARTICLE_ENGAGEMENT));
        long articleFollowers = Sampling.poisson(random, articleViews * ARTICLE_FOLLOW);
        week.put("ARTICLE_FOLLOWER_GAINED", articleFollowers);
        long followers = added + articleFollowers;
        week.put("FOLLOWER_GAINED", followers);
        week.put("FOLLOWER_LOST", Sampling.poisson(random, followers * FOLLOWER_CHURN));
        week.merge("PROFILE_VIEW_RECEIVED", Sampling.poisson(random, views * VIEW_BACK), Long::sum);
        week.values().removeIf(count -> count == 0);
        return week;
    }

    /**
     * One event per type on the active days in turn; active days left without one take a share of the largest count,
     * so that each active day has an event.
     */
    private static void place(
            String prefix, String memberId, Map<String, Long> week, List<LocalDate> active, List<Event> events) {
        List<Map.Entry<String, Long>> types = new ArrayList<>(week.entrySet());
        if (types.isEmpty()) {
            return;
        }
        Map.Entry<String, Long> largest = types.get(0);
        for (Map.Entry<String, Long> type : types) {
            if (type.getValue() > largest.getValue()) {
                largest = type;
            }
        }
        int uncovered = Math.max(0, active.size() - types.size());
        long spare = Math.min(uncovered, largest.getValue() - 1);
        for (int i = 0; i < types.size(); i++) {
            Map.Entry<String, Long> type = types.get(i);
            long count = type.getValue() - (type == largest ? spare : 0);
            add(prefix, memberId, type.getKey(), active.get(i % active.size()), count, events);
        }
        for (int i = 0; i < spare; i++) {
            add(prefix, memberId, largest.getKey(), active.get(types.size() + i), 1, events);
        }
    }

    private static void add(
            String prefix, String memberId, String metric, LocalDate day, long count, List<Event> events) {
        String type = metric;
        Integer degree = null;
        if (metric.equals("PROFILE_VIEW_MADE:degree=3")) {
            type = "PROFILE_VIEW_MADE";
            degree = 3;
        } else if (metric.equals("PROFILE_VIEW_MADE")) {
            degree = 2;
        }
        String id = prefix + day + "-" + type + (degree == null ? "" : "-d" + degree);
        counted(id, memberId, type, day, count, degree, null, null, false, events);
    }

    /** Splits counts above the API's 10,000 into several events. */
    private static void counted(
            String id,
            String memberId,
            String type,
            LocalDate day,
            long count,
            Integer degree,
            String connected,
            String seniority,
            boolean sameCompany,
            List<Event> events) {
        long left = count;
        int part = 0;
        while (left > 0) {
            int now = (int) Math.min(MAX_COUNT, left);
            events.add(new Event(
                    part == 0 ? id : id + "-" + part,
                    memberId,
                    type,
                    day,
                    now,
                    degree,
                    connected,
                    seniority,
                    sameCompany));
            left -= now;
            part++;
        }
    }

    /**
     * The network built before the period: connections outside the directory (VP, CXO, others; coworkers who are not
     * members), those removed again, and one event per connection to a member with a higher index.
     */
    private static List<Event> network(
            SimulatedOrganisation organisation,
            SimulatedOrganisation.Member member,
            String prefix,
            LocalDate day,
            long windowAdds) {
        Traits traits = member.traits();
        List<Event> events = new ArrayList<>();
        String base = prefix + day + "-";
        long others = Math.max(0, traits.external() - traits.senior() - windowAdds);
        counted(base + "external", member.id(), "CONNECTION_ADDED", day, others, null, null, null, false, events);
        counted(
                base + "vp",
                member.id(),
                "CONNECTION_ADDED",
                day,
                traits.senior() - traits.cxo(),
                null,
                null,
                "VP",
                false,
                events);
        counted(base + "cxo", member.id(), "CONNECTION_ADDED", day, traits.cxo(), null, null, "CXO", false, events);
        long coworkersOutside = Math.max(0, Math.round(traits.coworkers()) - member.connections());
        counted(
                base + "coworkers",
                member.id(),
                "CONNECTION_ADDED",
                day,
                coworkersOutside,
                null,
                null,
                null,
                true,
                events);
        counted(
                base + "removed",
                member.id(),
                "CONNECTION_REMOVED",
                day,
                traits.removed(),
                null,
                null,
                null,
                false,
                events);
        for (long pair : organisation.connectionsFrom(member.index())) {
            String other = SimulatedOrganisation.memberId((int) pair);
            counted(base + other, member.id(), "CONNECTION_ADDED", day, 1, null, other, null, false, events);
        }
        return events;
    }
}
