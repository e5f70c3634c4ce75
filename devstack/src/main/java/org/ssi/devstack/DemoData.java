package org.ssi.devstack;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * The demo organisation of design/api.md, loaded through the public API: maria's {@code emea-enterprise} (24
 * members, among them the 12 of sub-team {@code emea-dach}), mike's {@code startup-desk} (6 members), and four weeks
 * of activity for each member. Every write is idempotent (PUTs, and event ids derived from member, day and type),
 * so loading twice changes nothing. The members are written by the ingest client, so their industries are registered
 * in the catalogue first, by the admin.
 */
public final class DemoData {

    public static final int DAYS = 28;
    private static final int BATCH = 2_000;
    private static final String[] PERSONA_TYPES = {
        "PEOPLE_SEARCH",
        "LEAD_SEARCH",
        "PROFILE_VIEW_MADE",
        "PROFILE_VIEW_RECEIVED",
        "LEAD_SAVED",
        "POST_SHARED",
        "ENGAGEMENT_GIVEN",
        "ENGAGEMENT_RECEIVED",
        "MESSAGE_SENT",
        "INMAIL_SENT",
        "INMAIL_REPLY_RECEIVED",
        "ACCOUNT_RESEARCHED",
        "ENDORSEMENT_RECEIVED",
        "POST_VIEW_RECEIVED",
        "FOLLOWER_GAINED",
        "CONNECTION_REQUEST_SENT"
    };

    /** A member of the demo organisation. */
    record DemoMember(String id, String name, String industry, String seniority, String team, int activity) {}

    private final String gatewayUrl;
    private final String api;
    private final String token;
    private final String adminToken;

    public DemoData(String gatewayUrl, String ingestToken, String adminToken) {
        this.gatewayUrl = gatewayUrl;
        this.api = gatewayUrl + "/api/v1";
        this.token = ingestToken;
        this.adminToken = adminToken;
    }

    /** The industries the demo members name. */
    public static List<String> industries() {
        return members().stream().map(DemoMember::industry).distinct().toList();
    }

    static List<DemoMember> members() {
        List<DemoMember> members = new ArrayList<>();
        members.add(new DemoMember("alice", "Alice Rep", "software", "SENIOR", "emea-enterprise", 3));
        members.add(new DemoMember("maria", "Maria Manager", "software", "MANAGER", "emea-enterprise", 2));
        for (int i = 1; i <= 10; i++) {
            String industry = i % 3 == 0 ? "financial-services" : "software";
            members.add(new DemoMember(
                    "emea-rep-%02d".formatted(i), "EMEA Rep " + i, industry, "SENIOR", "emea-enterprise", i % 4));
        }
        for (int i = 1; i <= 12; i++) {
            members.add(new DemoMember(
                    "dach-rep-%02d".formatted(i), "DACH Rep " + i, "software", "ENTRY", "emea-dach", (i + 1) % 4));
        }
        members.add(new DemoMember("mike", "Mike Manager", "software", "MANAGER", "startup-desk", 2));
        for (int i = 1; i <= 5; i++) {
            members.add(new DemoMember(
                    "startup-rep-%02d".formatted(i), "Startup Rep " + i, "retail", "ENTRY", "startup-desk", i % 4));
        }
        return members;
    }

    /** A team of the demo organisation and its manager. */
    record DemoTeam(String id, String name, String parent, String manager) {}

    static List<DemoTeam> teams() {
        return List.of(
                new DemoTeam("emea-enterprise", "EMEA Enterprise", null, "maria"),
                new DemoTeam("emea-dach", "EMEA DACH", "emea-enterprise", "maria"),
                new DemoTeam("startup-desk", "Startup Desk", null, "mike"));
    }

    /** Loads the organisation; answers the number of events accepted (0 when it was loaded before). */
    public int load(LocalDate today) {
        // The ingest client names only catalogued industries. Managers must be members, and members' teams must
        // exist: teams first, then members, then managers.
        IndustryCatalogue.register(gatewayUrl, adminToken, industries());
        teams().forEach(team -> putTeam(team, false));
        List<DemoMember> members = members();
        members.forEach(this::putMember);
        teams().forEach(team -> putTeam(team, true));
        List<ObjectNode> events = new ArrayList<>();
        for (DemoMember member : members) {
            events.addAll(activity(member, today));
        }
        events.addAll(connections(today));
        int accepted = 0;
        for (int from = 0; from < events.size(); from += BATCH) {
            accepted += post(events.subList(from, Math.min(events.size(), from + BATCH)));
        }
        return accepted;
    }

    private void putTeam(DemoTeam team, boolean withManager) {
        ObjectNode body = Http.JSON.createObjectNode().put("name", team.name()).put("parentTeamId", team.parent());
        ArrayNode managers = body.putArray("managers");
        if (withManager) {
            managers.add(team.manager());
        }
        expect(Http.send("PUT", api + "/teams/" + team.id(), token, body.toString()), "team " + team.id());
    }

    private void putMember(DemoMember member) {
        ObjectNode body = Http.JSON
                .createObjectNode()
                .put("login", member.id())
                .put("displayName", member.name())
                .put("industry", member.industry())
                .put("seniority", member.seniority())
                .put("teamId", member.team());
        body.putObject("profile")
                .put("photo", true)
                .put("headline", true)
                .put("summary", member.activity() > 1)
                .put("experience", true)
                .put("education", member.activity() > 0)
                .put("skills", member.activity() > 2);
        expect(Http.send("PUT", api + "/members/" + member.id(), token, body.toString()), "member " + member.id());
    }

    /** Activity by persona: 0 dormant, 1 casual, 2 steady, 3 power user; deterministic per member, day and type. */
    static List<ObjectNode> activity(DemoMember member, LocalDate today) {
        List<ObjectNode> events = new ArrayList<>();
        for (int back = 1; back <= DAYS; back++) {
            LocalDate day = today.minusDays(back);
            for (String type : PERSONA_TYPES) {
                Random random = new Random((member.id() + day + type).hashCode());
                int count = member.activity() == 0
                        ? (random.nextInt(10) == 0 ? 1 : 0)
                        : random.nextInt(1 + 2 * member.activity());
                if (count > 0) {
                    events.add(event("demo-" + member.id() + "-" + day + "-" + type, member.id(), type, day, count));
                }
            }
            Random random = new Random((member.id() + day).hashCode());
            int added = random.nextInt(1 + member.activity() * 2);
            if (added > 0) {
                ObjectNode event = event(
                        "demo-" + member.id() + "-" + day + "-CONNECTION_ADDED",
                        member.id(),
                        "CONNECTION_ADDED",
                        day,
                        added);
                ((ObjectNode) event.get("attributes"))
                        .put("seniority", random.nextInt(6) == 0 ? "VP" : "SENIOR")
                        .put("sameCompany", random.nextBoolean());
                events.add(event);
            }
        }
        return events;
    }

    /** alice's network: ten EMEA reps and five of DACH. */
    static List<ObjectNode> connections(LocalDate today) {
        List<ObjectNode> events = new ArrayList<>();
        LocalDate day = today.minusDays(DAYS);
        List<String> others = new ArrayList<>();
        for (int i = 1; i <= 10; i++) {
            others.add("emea-rep-%02d".formatted(i));
        }
        for (int i = 1; i <= 5; i++) {
            others.add("dach-rep-%02d".formatted(i));
        }
        for (String other : others) {
            ObjectNode event = event("demo-connection-alice-" + other + "-" + day, "alice", "CONNECTION_ADDED", day, 1);
            ((ObjectNode) event.get("attributes")).put("connectedMemberId", other);
            events.add(event);
        }
        return events;
    }

    private static ObjectNode event(String id, String member, String type, LocalDate day, int count) {
        ObjectNode event = Http.JSON
                .createObjectNode()
                .put("eventId", id)
                .put("memberId", member)
                .put("type", type)
                .put("occurredAt", day.atTime(10, 0).toInstant(ZoneOffset.UTC).toString())
                .put("count", count);
        event.putObject("attributes");
        return event;
    }

    private int post(List<ObjectNode> events) {
        ObjectNode body = Http.JSON.createObjectNode();
        ArrayNode list = body.putArray("events");
        events.forEach(list::add);
        Http.Answer answer = Http.send("POST", api + "/activities", token, body.toString());
        expect(answer, "activity batch");
        return answer.json().get("accepted").asInt();
    }

    private static void expect(Http.Answer answer, String what) {
        if (answer.status() / 100 != 2) {
            throw new IllegalStateException("Loading " + what + " failed (" + answer.status() + "): " + answer.body());
        }
    }
}
