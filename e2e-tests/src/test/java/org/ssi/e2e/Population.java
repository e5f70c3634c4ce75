package org.ssi.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.ssi.devstack.Http;
import org.ssi.devstack.Http.Answer;

/**
 * A population an attack test builds through the public API, with fresh ids: teams, members in industries and teams,
 * and a little activity per member, so that every member has a score of their own between about 5 and 55. Members
 * are written by an admin (a new industry code is one an admin may add to the catalogue), in one directory import;
 * activity is posted by the ingest client.
 */
final class Population {

    /**
     * The count metrics of model v1 with their saturation scales: a member of level {@code l} gets, for each, the
     * count that earns the fraction {@code l} of its weight (capped at the largest count one event may carry).
     */
    private static final Map<String, Integer> SCALES = new LinkedHashMap<>();

    static {
        SCALES.put("ENDORSEMENT_RECEIVED", 30);
        SCALES.put("ARTICLE_PUBLISHED", 5);
        SCALES.put("ARTICLE_FOLLOWER_GAINED", 20);
        SCALES.put("POST_VIEW_RECEIVED", 8000);
        SCALES.put("FOLLOWER_GAINED", 250);
        SCALES.put("PEOPLE_SEARCH", 200);
        SCALES.put("LEAD_SEARCH", 300);
        SCALES.put("PROFILE_VIEW_MADE", 500);
        SCALES.put("PROFILE_VIEW_RECEIVED", 300);
        SCALES.put("LEAD_SAVED", 300);
        SCALES.put("POST_SHARED", 40);
        SCALES.put("ENGAGEMENT_GIVEN", 200);
        SCALES.put("ENGAGEMENT_RECEIVED", 600);
        SCALES.put("ARTICLE_ENGAGEMENT_RECEIVED", 120);
        SCALES.put("MESSAGE_SENT", 150);
        SCALES.put("GROUP_JOINED", 4);
        SCALES.put("ACCOUNT_SAVED", 80);
        SCALES.put("ACCOUNT_RESEARCHED", 300);
    }

    private static final int MOST_EVENTS_PER_BATCH = 10_000;

    /** A member to write: in an industry, in a team or none, with an activity level in [0, 1]. */
    record Member(String id, String industry, String teamId, double level) {}

    private record Team(String id, String parentTeamId, List<String> managers) {}

    private final String api;
    private final String root;
    private final String ingest;
    private final List<Team> teams = new ArrayList<>();
    private final List<Member> members = new ArrayList<>();
    private final List<String> connections = new ArrayList<>();
    private final Set<String> industries = new TreeSet<>();

    /** A population written at the gateway's {@code api} (…/api/v1) with root's and the ingest client's tokens. */
    Population(String api, String root, String ingest) {
        this.api = api;
        this.root = root;
        this.ingest = ingest;
    }

    /** A team, top-level when {@code parentTeamId} is null, managed by the given member ids. */
    Population team(String id, String parentTeamId, String... managers) {
        teams.add(new Team(id, parentTeamId, List.of(managers)));
        return this;
    }

    /** A member (its login is its id), in {@code teamId} (or none) and {@code industry}, active at {@code level}. */
    String member(String id, String industry, String teamId, double level) {
        members.add(new Member(id, industry, teamId, level));
        industries.add(industry);
        return id;
    }

    /** A first-degree connection between two members of this population, added by {@code a}'s CRM. */
    Population connect(String a, String b) {
        connections.add(connection(a + "-" + b, a, b));
        return this;
    }

    List<Member> members() {
        return members;
    }

    /** Writes it all: the industries, the teams and members in one import, then the activity and connections. */
    void create() {
        industries.forEach(this::catalogue);
        StringBuilder directory = new StringBuilder();
        for (Team team : teams) {
            directory
                    .append("{\"kind\": \"team\", \"teamId\": \"")
                    .append(team.id())
                    .append("\", \"name\": \"")
                    .append(team.id())
                    .append("\", \"parentTeamId\": ")
                    .append(team.parentTeamId() == null ? "null" : "\"" + team.parentTeamId() + "\"")
                    .append(", \"managers\": []}\n");
        }
        for (Member member : members) {
            directory
                    .append("{\"kind\": \"member\", ")
                    .append(body(member).substring(1))
                    .append('\n');
        }
        Answer imported = Http.upload(
                "POST",
                api + "/directory/import",
                root,
                "application/x-ndjson",
                directory.toString(),
                Duration.ofMinutes(5));
        assertEquals(200, imported.status(), imported.body());
        assertEquals(
                teams.size() + members.size(),
                imported.json().get("imported").asInt(),
                "every line: " + imported.body());
        // The managers are members of the import: named once every member exists.
        for (Team team : teams) {
            Answer put = Http.send("PUT", api + "/teams/" + team.id(), root, teamBody(team));
            assertTrue(put.status() == 200 || put.status() == 201, put.body());
        }
        List<String> events = new ArrayList<>(connections);
        members.forEach(member -> events.addAll(activity(member.id(), member.level())));
        post(events);
    }

    /** Posts events as the ingest client, in batches the contract accepts. */
    void post(List<String> events) {
        for (int from = 0; from < events.size(); from += MOST_EVENTS_PER_BATCH) {
            List<String> batch = events.subList(from, Math.min(events.size(), from + MOST_EVENTS_PER_BATCH));
            Answer posted = Http.upload(
                    "POST",
                    api + "/activities",
                    ingest,
                    "application/json",
                    "{\"events\": [" + String.join(",", batch) + "]}",
                    Duration.ofMinutes(5));
            assertEquals(200, posted.status(), posted.body());
            assertEquals(batch.size(), posted.json().get("accepted").asInt(), posted.body());
        }
    }

    /**
     * Adds an industry to the catalogue as an admin; an older suite without a catalogue (404 or 405) takes any code a
     * member names.
     */
    private void catalogue(String code) {
        Answer put = Http.send("PUT", api + "/admin/industries/" + code, root, "{\"name\": \"" + code + "\"}");
        assertTrue(
                put.status() == 200 || put.status() == 201 || put.status() == 404 || put.status() == 405,
                "adding industry " + code + ": " + put.status() + " " + put.body());
    }

    /** The member as a line of the directory import. */
    private static String body(Member member) {
        return "{\"memberId\": \"" + member.id() + "\", " + putBody(member).substring(1);
    }

    /** The body of PUT /members/{id} for the member (no profile: the activity alone sets the score). */
    static String putBody(Member member) {
        return """
                {"login": "%s", "displayName": "%s", "industry": "%s", "seniority": "SENIOR", "teamId": %s}""".formatted(
                        member.id(),
                        member.id(),
                        member.industry(),
                        member.teamId() == null ? "null" : "\"" + member.teamId() + "\"");
    }

    private static String teamBody(Team team) {
        JsonNode body = Http.JSON
                .createObjectNode()
                .put("name", team.id())
                .put("parentTeamId", team.parentTeamId())
                .set("managers", Http.JSON.valueToTree(team.managers()));
        return body.toString();
    }

    /** One event per count metric, each earning about the fraction {@code level} of its weight. */
    static List<String> activity(String memberId, double level) {
        List<String> events = new ArrayList<>();
        double fraction = Math.max(0.01, Math.min(0.97, level));
        SCALES.forEach((type, scale) -> {
            int count = (int) Math.min(10_000, Math.max(1, Math.round(-scale * Math.log(1 - fraction))));
            events.add(event(memberId + "-" + type, memberId, type, count, "{}"));
        });
        return events;
    }

    /** A CONNECTION_ADDED from {@code a} to {@code b}, with event id {@code id}. */
    static String connection(String id, String a, String b) {
        return event("connect-" + id, a, "CONNECTION_ADDED", 1, "{\"connectedMemberId\": \"" + b + "\"}");
    }

    static String event(String eventId, String memberId, String type, int count, String attributes) {
        Instant at = Instant.now().minus(10, ChronoUnit.MINUTES).truncatedTo(ChronoUnit.SECONDS);
        return """
                {"eventId": "%s", "memberId": "%s", "type": "%s", "occurredAt": "%s", "count": %d, "attributes": %s}""".formatted(eventId, memberId, type, at, count, attributes);
    }
}
