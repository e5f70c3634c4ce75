package org.ssi.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Predicate;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.ssi.devstack.DemoData;
import org.ssi.devstack.DemoHistory;
import org.ssi.devstack.Http;
import org.ssi.devstack.Http.Answer;
import org.ssi.devstack.IndustryCatalogue;
import org.ssi.devstack.Stack;

/**
 * The whole suite as a user meets it: Keycloak with the ssi realm, PostgreSQL, the four packaged services, real
 * tokens, and one event flowing from the gateway to a score and a rank.
 */
@Order(1)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class SuiteEndToEndIT {

    /** How far a released count may be from the exact one here: Laplace(2) noise beyond 15 has odds of 1 in 1,800. */
    private static final double NOISY_COUNT = 15;

    private static final Duration FLOW_LIMIT = Duration.ofSeconds(60);

    private static Stack stack;
    private static String api;
    private static String ingestToken;

    @BeforeAll
    static void startTheSuite() throws Exception {
        stack = SharedStack.get();
        api = stack.config().gatewayUrl() + "/api/v1";
        ingestToken = Http.clientToken(
                stack.config().realmUrl(), "ssi-ingest", stack.secrets().ingest());
    }

    private static String token(String login) {
        return Http.passwordToken(stack.config().realmUrl(), login, login);
    }

    /** A member written by the ingest client, in an industry the admin has put in the catalogue. */
    private static Answer putMember(String id, String login, String industry) {
        IndustryCatalogue.register(stack.config().gatewayUrl(), token("root"), List.of(industry));
        String body = """
                {"login": "%s", "displayName": "%s", "industry": "%s", "seniority": "SENIOR",
                 "profile": {"photo": true, "headline": true}}""".formatted(login, login, industry);
        return Http.send("PUT", api + "/members/" + id, ingestToken, body);
    }

    private static String event(String eventId, String memberId, String type, int count, String attributes) {
        return """
                {"eventId": "%s", "memberId": "%s", "type": "%s", "occurredAt": "%s", "count": %d, "attributes": %s}""".formatted(
                        eventId,
                        memberId,
                        type,
                        Instant.now().minus(1, ChronoUnit.HOURS).truncatedTo(ChronoUnit.SECONDS),
                        count,
                        attributes);
    }

    private static Answer post(String token, String... events) {
        return Http.send("POST", api + "/activities", token, "{\"events\": [" + String.join(",", events) + "]}");
    }

    /** Reads alice's /me/ssi until the condition holds. */
    private static JsonNode awaitMySsi(String token, Predicate<JsonNode> condition) {
        Instant deadline = Instant.now().plus(FLOW_LIMIT);
        Answer last = null;
        while (Instant.now().isBefore(deadline)) {
            last = Http.get(api + "/me/ssi", token);
            if (last.status() == 200 && condition.test(last.json())) {
                return last.json();
            }
            sleep(300);
        }
        fail("/me/ssi never met the condition; last answer "
                + (last == null ? "none" : last.status() + " " + last.body()));
        return null;
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Test
    @Order(1)
    void an_event_credited_to_alice_reaches_her_score_and_her_rank() {
        String industry = "e2e-" + UUID.randomUUID().toString().substring(0, 8);
        assertEquals(201, putMember("alice", "alice", industry).status());
        assertEquals(
                201, putMember("bob-" + industry, "bob-" + industry, industry).status());
        assertEquals(
                201,
                putMember("carol-" + industry, "carol-" + industry, industry).status());
        String alice = token("alice");
        String root = token("root");
        JsonNode before = awaitJson(
                api + "/members/alice/ssi",
                root,
                me -> me.get("industry").get("size").asInt() == 3);
        double scoreBefore = before.get("score").asDouble();

        Answer posted = post(ingestToken, event("e2e-" + UUID.randomUUID(), "alice", "ENDORSEMENT_RECEIVED", 5, "{}"));
        assertEquals(200, posted.status(), posted.body());
        assertEquals(1, posted.json().get("accepted").asInt());

        JsonNode after = awaitMySsi(alice, me -> me.get("score").asDouble() > scoreBefore);
        assertEquals("alice", after.get("memberId").asText());
        assertEquals(1, after.get("modelVersion").asInt());
        JsonNode pillars = after.get("pillars");
        double sum = pillars.get("brand").asDouble()
                + pillars.get("find").asDouble()
                + pillars.get("engage").asDouble()
                + pillars.get("relationships").asDouble();
        assertEquals(after.get("score").asDouble(), sum, 0.001);
        // The exact rank, as only an admin reads it: alice now scores above two members who score the same,
        // (2 below + 0.5 * 1 equal) / 3.
        JsonNode rank = awaitJson(
                        api + "/members/alice/ssi",
                        root,
                        me -> me.get("industry").get("topPercent").asInt() == 17)
                .get("industry");
        assertEquals(industry, rank.get("code").asText());
        assertEquals(100.0 * 2.5 / 3, rank.get("percentileRank").asDouble(), 1e-9);
        // Both followers of the HTTP feeds have caught up with the event (issue #24's lag gauges)
        PrometheusScrape.await(
                stack.urls().get("scoring-service"),
                "ssi_feed_lag_entries",
                Map.of("follower", "scoring-activity-feed"),
                0);
        PrometheusScrape.await(
                stack.urls().get("ranking-service"),
                "ssi_feed_lag_entries",
                Map.of("follower", "ranking-score-feed"),
                0);
        PrometheusScrape.await(
                stack.urls().get("ranking-service"),
                "ssi_feed_lag_seconds",
                Map.of("follower", "ranking-score-feed"),
                0);
        assertEquals(3, rank.get("size").asInt());
        assertTrue(rank.get("average").isNull());
        assertEquals("group-too-small", rank.get("withheld").asText());
        // alice herself sees her industry of three from a release: no rank, no average, no size.
        publishRelease();
        JsonNode own = Http.get(api + "/me/ssi", alice).json().get("industry");
        assertEquals(industry, own.get("code").asText());
        assertEquals("group-too-small", own.get("withheld").asText(), own.toString());
        for (String field : List.of("percentileRank", "topPercent", "average", "size")) {
            assertTrue(own.get(field).isNull(), field + " withheld: " + own);
        }
    }

    /** Waits until the gateway's log holds an {@code ssi.audit} line containing the text. */
    private static void awaitAuditLine(String text) {
        Path log = stack.config().home().resolve("logs").resolve("gateway.log");
        Instant deadline = Instant.now().plus(Duration.ofSeconds(10));
        while (Instant.now().isBefore(deadline)) {
            try {
                if (Files.readAllLines(log).stream()
                        .anyMatch(line -> line.contains("[ssi.audit]") && line.contains(text))) {
                    return;
                }
            } catch (java.io.IOException e) {
                throw new IllegalStateException(e);
            }
            sleep(200);
        }
        fail("no audit line \"" + text + "\" in " + log);
    }

    /** Publishes a release of group figures and ranks as the admin, as an operator or the daily job does. */
    private static JsonNode publishRelease() {
        Answer published = Http.send("POST", api + "/admin/releases", token("root"), "");
        assertEquals(201, published.status(), published.body());
        return published.json();
    }

    @Test
    void rejects_bad_batches_with_problems_and_stores_nothing_of_them() {
        String industry = "bad-" + UUID.randomUUID().toString().substring(0, 8);
        String member = "dave-" + industry;
        assertEquals(201, putMember(member, member, industry).status());
        String good = event("keep-" + UUID.randomUUID(), member, "LEAD_SAVED", 1, "{}");

        Answer malformed = Http.send("POST", api + "/activities", ingestToken, "{\"events\": [");
        assertProblem(malformed, 400);
        Answer missingField = post(ingestToken, good, "{\"eventId\": \"x1\", \"memberId\": \"" + member + "\"}");
        assertProblem(missingField, 422);
        Answer unknownType = post(ingestToken, good, event("x2", member, "TELEPATHY", 1, "{}"));
        assertProblem(unknownType, 422);
        assertEquals(
                "/events/1/type",
                unknownType.json().get("errors").get(0).get("pointer").asText());
        Answer unknownMember = post(ingestToken, good, event("x3", "nobody-" + industry, "LEAD_SAVED", 1, "{}"));
        assertProblem(unknownMember, 422);

        Answer retried = post(ingestToken, good);
        assertEquals(
                1, retried.json().get("accepted").asInt(), "the good event of the rejected batches was never stored");
        assertEquals(1, post(ingestToken, good).json().get("duplicates").asInt());
    }

    @Test
    void imports_the_directory_through_the_gateway() throws Exception {
        String tag = "imp-" + UUID.randomUUID().toString().substring(0, 8);
        IndustryCatalogue.register(stack.config().gatewayUrl(), token("root"), List.of("software", "retail"));
        String ndjson = String.join(
                "\n",
                "{\"kind\": \"team\", \"teamId\": \"" + tag + "\", \"name\": \"Imported\", \"managers\": [\"" + tag
                        + "-1\"]}",
                "{\"kind\": \"member\", \"memberId\": \"" + tag + "-1\", \"login\": \"" + tag
                        + "-1\", \"displayName\": \"One\", \"industry\": \"software\", \"teamId\": \"" + tag + "\"}",
                "{\"kind\": \"member\", \"memberId\": \"" + tag + "-2\", \"login\": \"" + tag
                        + "-2\", \"displayName\": \"Two\", \"industry\": \"Bad Industry\"}");
        Answer imported = postFile("application/x-ndjson", ndjson);
        assertEquals(200, imported.status(), imported.body());
        assertEquals(2, imported.json().get("imported").asInt(), imported.body());
        assertEquals(3, imported.json().get("errors").get(0).get("line").asInt(), imported.body());

        Answer csv = postFile(
                "text/csv",
                "memberId,login,displayName,industry,teamId\n" + tag + "-3," + tag + "-3,\"Three, Jr.\",retail," + tag
                        + "\n");
        assertEquals(200, csv.status(), csv.body());
        assertEquals(1, csv.json().get("imported").asInt(), csv.body());

        Answer member = Http.get(api + "/members/" + tag + "-3", token("root"));
        assertEquals(200, member.status(), member.body());
        assertEquals("Three, Jr.", member.json().get("displayName").asText());
        assertEquals(tag, member.json().get("teamId").asText());
        assertProblem(Http.get(api + "/members/" + tag + "-2", token("root")), 404);
    }

    /** A directory file posted as a file is: with its own media type, which {@link Http#send} does not set. */
    private static Answer postFile(String contentType, String body) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create(api + "/directory/import"))
                .timeout(Duration.ofSeconds(120))
                .header("Authorization", "Bearer " + ingestToken)
                .header("Content-Type", contentType)
                .POST(HttpRequest.BodyPublishers.ofString(body))
                .build();
        HttpResponse<String> response = ContractCheckedHttpClient.wrap(HttpClient.newHttpClient())
                .send(request, HttpResponse.BodyHandlers.ofString());
        return new Answer(response.statusCode(), response.body());
    }

    @Test
    void guards_the_api_with_real_tokens() {
        Answer anonymous = Http.get(api + "/me/ssi", null);
        assertProblem(anonymous, 401);
        Answer repPosting = post(token("alice"), event("r-" + UUID.randomUUID(), "alice", "LEAD_SAVED", 1, "{}"));
        assertProblem(repPosting, 403);
        Answer notAMember = Http.get(api + "/me/ssi", token("ana"));
        assertProblem(notAMember, 404);
        Answer forged = Http.get(api + "/me/ssi", token("alice").replaceFirst("\\.[^.]+$", ".c2lnbmF0dXJl"));
        assertProblem(forged, 401);
        // The ingestion client writes only: every reading endpoint refuses its token.
        assertProblem(Http.get(api + "/me/ssi", ingestToken), 403);
        assertProblem(Http.get(api + "/industries/software/ssi", ingestToken), 403);
        assertProblem(Http.get(api + "/teams", ingestToken), 403);
        assertProblem(Http.get(api + "/members/alice/ssi", ingestToken), 403);
        // alice reads neither maria's score nor her explanation.
        String alice = token("alice");
        assertProblem(Http.get(api + "/members/maria/ssi/explanation", alice), 403);
        assertProblem(Http.get(api + "/members/maria/ssi", alice), 403);
    }

    /** Last: the demo organisation gives alice weeks of activity and moves her to her demo industry. */
    @Test
    @Order(9)
    void loads_the_demo_organisation_once() {
        DemoData demo = new DemoData(stack.config().gatewayUrl(), ingestToken, token("root"));
        LocalDate today = LocalDate.now(ZoneOffset.UTC);
        assertTrue(demo.load(today) > 1000);
        assertEquals(0, demo.load(today), "a second load changes nothing");
        JsonNode maria = awaitMySsi(token("maria"), me -> me.get("score").asDouble() > 0);
        assertEquals("maria", maria.get("memberId").asText());
        assertNotNull(maria.get("industry").get("code"));
    }

    /** After the demo organisation: maria's teams, mike's small team, alice's history. */
    @Test
    @Order(10)
    void shows_managers_their_teams_only_when_no_one_can_be_singled_out() {
        String maria = token("maria");
        String root = token("root");
        // Admins read the exact figures of the moment; managers the released ones, once every member of the demo
        // teams was already in them in the previous release.
        awaitJson(api + "/teams/emea-enterprise/ssi", root, t -> t.get("size").asInt() == 24);
        awaitJson(api + "/teams/emea-dach/ssi", root, t -> t.get("size").asInt() == 12);
        publishRelease();
        long release = publishRelease().get("releaseId").asLong();
        Answer enterpriseAnswer = Http.get(api + "/teams/emea-enterprise/ssi", maria);
        assertEquals(200, enterpriseAnswer.status(), enterpriseAnswer.body());
        JsonNode enterprise = enterpriseAnswer.json();
        assertEquals(release, enterprise.get("releaseId").asLong());
        assertEquals(24, enterprise.get("size").asInt(), NOISY_COUNT, enterprise.toString());
        assertTrue(enterprise.get("average").isNumber());
        assertEquals(10, enterprise.get("distribution").size());
        assertTrue(enterprise.toString().indexOf("alice") < 0, "never an individual's identity");
        assertEquals(
                enterprise, Http.get(api + "/teams/emea-enterprise/ssi", maria).json(), "a release is stable");
        JsonNode dach = Http.get(api + "/teams/emea-dach/ssi", maria).json();
        assertEquals(12, dach.get("size").asInt(), NOISY_COUNT, dach.toString());
        Answer teams = Http.get(api + "/teams", maria);
        assertEquals(200, teams.status());
        assertEquals(2, teams.json().size(), teams.body());

        Answer startup = Http.get(api + "/teams/startup-desk/ssi", token("mike"));
        assertProblem(startup, 403);
        assertEquals(
                "urn:ssi:problem:group-too-small", startup.json().get("type").asText());
        assertEquals(10, startup.json().get("minimumSize").asInt());
        assertProblem(Http.get(api + "/teams/startup-desk/ssi", maria), 404);
        assertProblem(Http.get(api + "/teams", token("alice")), 403);
        assertTrue(Http.get(api + "/teams", root).json().size() >= 3, "an admin sees every team");
        assertEquals(
                24,
                Http.get(api + "/teams/emea-enterprise/ssi", root)
                        .json()
                        .get("size")
                        .asInt());
        assertProblem(Http.get(api + "/teams/startup-desk/ssi", root), 403);
        assertEquals(200, Http.get(api + "/industries/software/ssi", root).status());
        // Every admin read of a group, and every release an admin publishes, is a line of the audit log.
        awaitAuditLine("admin root read the figures of team emea-enterprise");
        awaitAuditLine("admin root read the figures of industry software");
        awaitAuditLine("admin root published a release");

        Answer teamHistory = Http.get(api + "/teams/emea-enterprise/ssi/history", maria);
        assertEquals(200, teamHistory.status(), teamHistory.body());
        assertEquals(90, teamHistory.json().size());
        JsonNode today = teamHistory.json().get(89);
        assertEquals(enterprise.get("average"), today.get("average"), "today's row is today's last release: " + today);
        assertEquals(enterprise.get("size"), today.get("size"), today.toString());
        Answer csv = Http.getAccepting(api + "/teams/emea-enterprise/ssi/export", maria, "text/csv");
        assertEquals(200, csv.status(), csv.body());
        String[] lines = csv.body().split("\n");
        assertEquals("day,size,average,median,brand,find,engage,relationships", lines[0]);
        assertEquals(91, lines.length);
        assertTrue(
                lines[90].startsWith(LocalDate.now(ZoneOffset.UTC) + "," + enterprise.get("size") + ","
                        + enterprise.get("average").asText() + ","),
                lines[90]);
        Answer smallTeam = Http.getAccepting(api + "/teams/startup-desk/ssi/export", token("mike"), "text/csv");
        assertEquals(200, smallTeam.status(), smallTeam.body());
        assertTrue(
                smallTeam.body().lines().skip(1).allMatch(line -> line.endsWith(",,,,,,,")),
                "a team of six shows no figure on any day");
        assertProblem(Http.getAccepting(api + "/teams/emea-enterprise/ssi/export", maria, "application/xml"), 406);

        String alice = token("alice");
        assertProblem(Http.get(api + "/members/maria/ssi", alice), 403);
        assertEquals(
                "alice",
                Http.get(api + "/members/alice/ssi", alice)
                        .json()
                        .get("memberId")
                        .asText());
        Answer adminRead = Http.get(api + "/members/alice/ssi/explanation", token("root"));
        assertEquals(200, adminRead.status(), adminRead.body());

        Answer history = Http.get(api + "/me/ssi/history", token("alice"));
        assertEquals(200, history.status(), history.body());
        assertTrue(history.json().size() >= 1);
        assertProblem(Http.get(api + "/me/ssi/history?from=2026-13-01", token("alice")), 422);
        Answer software = Http.get(api + "/industries/software/ssi", token("ana"));
        assertEquals(200, software.status(), software.body());
        assertTrue(software.json().get("size").asInt() >= 10);
    }

    /** After the demo organisation: yesterday's rollover gives everyone a row, and a rerun doubles nothing. */
    @Test
    @Order(11)
    void rolls_a_day_over_once_however_often_it_runs() {
        String root = token("root");
        String yesterday = LocalDate.now(ZoneOffset.UTC).minusDays(1).toString();
        Map<String, String> succeeded = Map.of("task", "rollover", "outcome", "success");
        Double before = PrometheusScrape.sum(stack.urls().get("scoring-service"), "ssi_job_runs_total", succeeded);
        Answer first = Http.send("POST", api + "/admin/rollover?day=" + yesterday, root, "");
        assertEquals(200, first.status(), first.body());
        assertTrue(first.json().get("rescored").asInt() >= 20, first.body());
        Answer again = Http.send("POST", api + "/admin/rollover?day=" + yesterday, root, "");
        assertEquals(0, again.json().get("carriedForward").asInt(), again.body());
        assertEquals(
                before + 2,
                PrometheusScrape.sum(stack.urls().get("scoring-service"), "ssi_job_runs_total", succeeded),
                "an admin's rollovers are runs of the job");
        Answer history = Http.get(api + "/me/ssi/history?from=" + yesterday + "&to=" + yesterday, token("alice"));
        assertEquals(1, history.json().size(), history.body());
        assertProblem(Http.send("POST", api + "/admin/rollover?day=2999-01-01", root, ""), 422);
        assertProblem(Http.send("POST", api + "/admin/rollover", token("alice"), ""), 403);

        JsonNode explanation =
                Http.get(api + "/me/ssi/explanation", token("alice")).json();
        double pillars = 0;
        for (JsonNode pillar : explanation.get("pillars")) {
            double subMetrics = 0;
            for (JsonNode subMetric : pillar.get("subMetrics")) {
                subMetrics += subMetric.get("points").asDouble();
            }
            assertEquals(pillar.get("points").asDouble(), subMetrics, 0.001, pillar.toString());
            pillars += pillar.get("points").asDouble();
        }
        assertEquals(explanation.get("score").asDouble(), pillars, 0.001);
        assertTrue(explanation.get("recommendations").size() > 0);
    }

    /**
     * What {@code ./ssi up} does for the demo organisation: the rollover of each of the last 90 days gives alice a
     * history before today and a change over 7 days, while her current score, ranks and group averages stay as they
     * were: the scores recorded for past days reach ranking-service on the score feed, after today's, and must not
     * become current there.
     */
    @Test
    @Order(12)
    void filling_the_past_days_gives_alice_a_history_and_leaves_todays_ranks_as_they_were() throws Exception {
        String root = token("root");
        JsonNode before = steadySsi(api + "/members/alice/ssi", root);
        LocalDate today = LocalDate.now(ZoneOffset.UTC);

        new DemoHistory(stack.config()).fill(today);

        SharedStack.awaitFeedsCaughtUp(stack.urls().get("postgresql"));
        ObjectNode after =
                (ObjectNode) Http.get(api + "/members/alice/ssi", root).json();
        assertEquals(before, after.deepCopy().without("change7d"), "today's figures and exact ranks");
        assertTrue(after.get("change7d").isNumber(), after.toString());
        JsonNode history = Http.get(api + "/me/ssi/history", token("alice")).json();
        assertTrue(history.size() >= 20, "alice's four weeks of demo activity give her weeks of history: " + history);
        assertEquals(
                today.toString(), history.get(history.size() - 1).get("day").asText());
        assertEquals(
                after.get("score").asDouble()
                        - history.get(history.size() - 8).get("score").asDouble(),
                after.get("change7d").asDouble(),
                0.001,
                "change7d is today's score minus the score 7 days before");
        JsonNode own = Http.get(api + "/me/ssi", token("alice")).json();
        assertTrue(own.get("release").get("id").asLong() > 0, "filling the history ends with a release: " + own);
    }

    /** A member's figures once two readings a second apart agree, without change7d (the filled history sets it). */
    private JsonNode steadySsi(String url, String token) {
        JsonNode previous = null;
        for (int attempt = 0; attempt < 60; attempt++) {
            JsonNode now = ((ObjectNode) Http.get(url, token).json()).without("change7d");
            if (now.equals(previous)) {
                return now;
            }
            previous = now;
            sleep(1000);
        }
        throw new AssertionError("the figures never held still: " + previous);
    }

    /**
     * A release, published on demand: ranking-service reads the whole connection graph from activity-service with its
     * own token, and alice's rank history through the gateway then shows today's release as /me/ssi shows it.
     */
    @Test
    @Order(13)
    void keeps_todays_released_industry_and_network_rank_in_alices_rank_history() {
        String suffix = UUID.randomUUID().toString().substring(0, 8);
        String dave = "dave-" + suffix;
        String erin = "erin-" + suffix;
        assertEquals(201, putMember(dave, dave, "e2e-net-" + suffix).status());
        assertEquals(201, putMember(erin, erin, "e2e-net-" + suffix).status());
        String alice = token("alice");
        String root = token("root");
        int networkBefore = awaitJson(api + "/members/alice/ssi", root, me -> true)
                .get("network")
                .get("size")
                .asInt();
        Answer connected = post(
                ingestToken,
                event(
                        "e2e-" + UUID.randomUUID(),
                        "alice",
                        "CONNECTION_ADDED",
                        1,
                        "{\"connectedMemberId\": \"" + dave + "\"}"),
                event("e2e-" + UUID.randomUUID(), erin, "CONNECTION_ADDED", 1, "{\"connectedMemberId\": \"alice\"}"));
        assertEquals(200, connected.status(), connected.body());
        awaitJson(
                api + "/members/alice/ssi",
                root,
                m -> m.get("network").get("size").asInt() == networkBefore + 2);

        String releases = stack.urls().get("ranking-service") + "/internal/releases";
        assertProblem(Http.send("POST", releases, alice, ""), 403);
        assertProblem(Http.send("POST", releases, token("root"), ""), 403);
        assertProblem(Http.send("POST", api + "/admin/releases", alice, ""), 403);
        JsonNode release = publishRelease();
        assertTrue(release.get("withNetwork").asBoolean(), release.toString());
        String today = LocalDate.now(ZoneOffset.UTC).toString();
        JsonNode me = Http.get(api + "/me/ssi", alice).json();
        Answer history = Http.get(api + "/me/ssi/rank-history?from=" + today + "&to=" + today, alice);
        assertEquals(200, history.status(), history.body());
        assertEquals(1, history.json().size(), history.body());
        JsonNode day = history.json().get(0);

        assertEquals(today, day.get("day").asText());
        assertEquals(
                release.get("releaseId").asLong(), me.get("release").get("id").asLong());
        assertEquals(release.get("releaseId").asLong(), day.get("releaseId").asLong());
        for (String group : new String[] {"industry", "network"}) {
            assertEquals(me.get(group).get("size"), day.get(group).get("size"), group + " " + history.body());
            assertEquals(me.get(group).get("percentileRank"), day.get(group).get("percentileRank"), group);
            assertEquals(me.get(group).get("topPercent"), day.get(group).get("topPercent"), group);
            assertEquals(me.get(group).get("average"), day.get(group).get("average"), group);
        }
        assertEquals(
                me.get("industry").get("code").asText(),
                day.get("industry").get("code").asText());
        assertProblem(Http.get(api + "/me/ssi/rank-history?from=yesterday", alice), 422);
    }

    /** Last, as it changes every score: root adds a model version and activates it; everyone's today follows. */
    @Test
    @Order(14)
    void an_admin_adds_a_model_version_and_activating_it_rescores_everyone() throws Exception {
        String root = token("root");
        Answer versions = Http.get(api + "/admin/scoring-models", root);
        assertEquals(200, versions.status(), versions.body());
        assertTrue(versions.body().contains("\"version\":1"), versions.body());
        assertProblem(Http.get(api + "/admin/scoring-models", token("alice")), 403);

        com.fasterxml.jackson.databind.node.ObjectNode v2 = (com.fasterxml.jackson.databind.node.ObjectNode)
                Http.JSON.readTree(Path.of(System.getProperty("ssi.repository"))
                        .resolve("scoring-service/src/main/resources/models/v1.json")
                        .toFile());
        v2.put("version", 2);
        ((com.fasterxml.jackson.databind.node.ObjectNode) v2.at("/pillars/0/subMetrics/1")).put("weight", 4);
        ((com.fasterxml.jackson.databind.node.ObjectNode) v2.at("/pillars/0/subMetrics/2")).put("weight", 3);
        Answer added = Http.send("POST", api + "/admin/scoring-models", root, v2.toString());
        assertEquals(201, added.status(), added.body());
        v2.put("description", "another document under the same number");
        assertProblem(Http.send("POST", api + "/admin/scoring-models", root, v2.toString()), 409);

        Answer started = Http.send("PUT", api + "/admin/scoring-models/active", root, "{\"version\": 2}");
        assertEquals(202, started.status(), started.body());
        assertTrue(started.json().get("total").asInt() >= 20, started.body());
        String job = api + "/admin/scoring-jobs/" + started.json().get("id").asLong();
        Instant deadline = Instant.now().plus(Duration.ofMinutes(10));
        JsonNode progress = Http.get(job, root).json();
        while (progress.get("state").asText().equals("running") && Instant.now().isBefore(deadline)) {
            sleep(1000);
            progress = Http.get(job, root).json();
        }
        assertEquals("done", progress.get("state").asText(), progress.toString());
        assertEquals(progress.get("total").asInt(), progress.get("done").asInt(), progress.toString());

        JsonNode alice = awaitMySsi(token("alice"), me -> me.get("modelVersion").asInt() == 2);
        assertEquals(LocalDate.now(ZoneOffset.UTC).toString(), alice.get("day").asText());
        assertEquals(
                2,
                Http.get(api + "/me/ssi/explanation", token("alice"))
                        .json()
                        .get("modelVersion")
                        .asInt());
        assertEquals(
                2,
                Http.get(api + "/admin/scoring-models/active", root)
                        .json()
                        .get("version")
                        .asInt());
    }

    private static JsonNode awaitJson(String url, String token, Predicate<JsonNode> condition) {
        Instant deadline = Instant.now().plus(FLOW_LIMIT);
        Answer last = null;
        while (Instant.now().isBefore(deadline)) {
            last = Http.get(url, token);
            if (last.status() == 200 && condition.test(last.json())) {
                return last.json();
            }
            sleep(300);
        }
        fail(url + " never met the condition; last answer "
                + (last == null ? "none" : last.status() + " " + last.body()));
        return null;
    }

    private static void assertProblem(Answer answer, int status) {
        assertEquals(status, answer.status(), answer.body());
        JsonNode problem = answer.json();
        assertEquals(status, problem.get("status").asInt());
        assertTrue(problem.get("type").asText().startsWith("urn:ssi:problem:"), answer.body());
        assertTrue(!answer.body().contains("\tat "), "no stack trace");
    }
}
