package org.ssi.e2e;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import org.ssi.e2e.FaultsIT.Client;

/**
 * The members that a suite streams batches for through faults (FaultsIT's {@code fault-…}, KafkaEndToEndIT's
 * {@code kafka-…}): created through the gateway in two industries, connected in a ring with chords, and given random
 * batches of activity. Every id, of members and of events, starts with the suite's prefix.
 */
final class Cohort {

    private static final List<String> TYPES = List.of(
            "PEOPLE_SEARCH",
            "LEAD_SEARCH",
            "PROFILE_VIEW_RECEIVED",
            "LEAD_SAVED",
            "POST_SHARED",
            "ENGAGEMENT_GIVEN",
            "ENGAGEMENT_RECEIVED",
            "MESSAGE_SENT",
            "INMAIL_SENT",
            "INMAIL_REPLY_RECEIVED",
            "ENDORSEMENT_RECEIVED",
            "POST_VIEW_RECEIVED",
            "FOLLOWER_GAINED",
            "CONNECTION_REQUEST_SENT");

    private final String api;
    private final String prefix;

    /** Members and events at the gateway's {@code api} (…/api/v1), with ids {@code prefix-…}. */
    Cohort(String api, String prefix) {
        this.api = api;
        this.prefix = prefix;
    }

    /**
     * Members {@code prefix-0} to {@code prefix-(count-1)}, named after the prefix, alternately in two industries,
     * written by the ingest client once the admin has put both industries in the catalogue.
     */
    List<String> createMembers(Client admin, Client ingest, int count) {
        String name = Character.toUpperCase(prefix.charAt(0)) + prefix.substring(1);
        for (String industry : List.of(prefix + "-software", prefix + "-retail")) {
            admin.expectOk("PUT", api + "/admin/industries/" + industry, "{}");
        }
        List<String> members = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            String id = prefix + "-" + i;
            String industry = i % 2 == 0 ? prefix + "-software" : prefix + "-retail";
            String body = """
                    {"login": "%s", "displayName": "%s %d", "industry": "%s", "seniority": "SENIOR",
                     "profile": {"photo": %b, "headline": true}}""".formatted(id, name, i, industry, i % 3 == 0);
            ingest.expectOk("PUT", api + "/members/" + id, body);
            members.add(id);
        }
        return members;
    }

    /** Each member connects to the next two (a ring with chords), so every network has a few members. */
    Map<String, Set<String>> connectMembers(Client ingest, List<String> members) {
        Map<String, Set<String>> network = new HashMap<>();
        members.forEach(member -> network.put(member, new TreeSet<>(Set.of(member))));
        List<String> events = new ArrayList<>();
        for (int i = 0; i < members.size(); i++) {
            for (int step = 1; step <= 2; step++) {
                String a = members.get(i);
                String b = members.get((i + step) % members.size());
                network.get(a).add(b);
                network.get(b).add(a);
                events.add(event(prefix + "-connection-" + a + "-" + b, a, "CONNECTION_ADDED", 1, 0)
                        .replace("\"attributes\": {}", "\"attributes\": {\"connectedMemberId\": \"" + b + "\"}"));
            }
        }
        ingest.expectOk("POST", api + "/activities", "{\"events\": [" + String.join(",", events) + "]}");
        return network;
    }

    /** Batch number {@code batch}: {@code size} events {@code prefix-batch-i} of random members, types and days. */
    String batch(int batch, int size, List<String> members, Random random) {
        List<String> events = new ArrayList<>();
        for (int i = 0; i < size; i++) {
            String member = members.get(random.nextInt(members.size()));
            String type = TYPES.get(random.nextInt(TYPES.size()));
            events.add(event(
                    "%s-%d-%d".formatted(prefix, batch, i), member, type, 1 + random.nextInt(3), random.nextInt(3)));
        }
        return "{\"events\": [" + String.join(",", events) + "]}";
    }

    private static String event(String eventId, String memberId, String type, int count, int daysAgo) {
        Instant at = Instant.now()
                .minus(daysAgo, ChronoUnit.DAYS)
                .minus(10, ChronoUnit.MINUTES)
                .truncatedTo(ChronoUnit.SECONDS);
        return """
                {"eventId": "%s", "memberId": "%s", "type": "%s", "occurredAt": "%s", "count": %d, "attributes": {}}""".formatted(eventId, memberId, type, at, count);
    }
}
