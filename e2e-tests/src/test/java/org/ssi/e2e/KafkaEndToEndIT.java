package org.ssi.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.ssi.devstack.Http;
import org.ssi.devstack.Stack;
import org.ssi.devstack.StackConfig;
import org.ssi.e2e.FaultsIT.Client;
import org.ssi.scoring.model.MemberInputs;
import org.ssi.scoring.model.ModelDocument;
import org.ssi.scoring.model.ModelEngine;
import org.ssi.scoring.model.PillarScores;

/**
 * Issue #14: the change feeds over Apache Kafka. A suite of its own, with a real broker (devstack's KafkaBroker, its
 * own JVM) and two scoring-service replicas in one consumer group; batches stream in through the gateway, and one
 * scoring replica is killed with SIGKILL while both consume. Afterwards every event is stored once, and every score
 * and rank equals what the HTTP transport gives: the active model recomputed from the member's inputs, and the
 * brute-force count over those scores. Runs in a JVM of its own (failsafe execution {@code kafka}).
 */
class KafkaEndToEndIT {

    private static final int MEMBERS = 30;
    private static final int EVENTS_PER_BATCH = 40;
    private static final int BATCHES_BEFORE_THE_KILL = 15;
    private static final int BATCHES_AFTER_THE_KILL = 15;
    private static final Duration CONVERGENCE_LIMIT = Duration.ofMinutes(3);
    private static final String KILLED = "scoring-service-2";
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

    private static Stack stack;
    private static String api;

    @BeforeAll
    static void startTheSuiteOverKafka() throws Exception {
        Path home = Path.of(System.getProperty("ssi.e2e.home") + "-kafka");
        SharedStack.deleteRecursively(home.resolve("postgres"));
        SharedStack.deleteRecursively(home.resolve("kafka"));
        SharedStack.deleteRecursively(home.resolve("keycloak-26.7.3/data/h2"));
        StackConfig config = new StackConfig(
                        Path.of(System.getProperty("ssi.repository"))
                                .toAbsolutePath()
                                .normalize(),
                        home,
                        Stack.freePort(),
                        Stack.freePort(),
                        Stack.freePort(),
                        Stack.freePort(),
                        Stack.freePort(),
                        0,
                        null,
                        null,
                        null,
                        null,
                        Path.of(System.getProperty("ssi.keycloak.zip")))
                .withKafka(Stack.freePortPair(), 2);
        Instant began = Instant.now();
        stack = Stack.start(config);
        System.out.printf(
                "[kafka] suite up in %d s%n",
                Duration.between(began, Instant.now()).toSeconds());
        api = config.gatewayUrl() + "/api/v1";
    }

    @AfterAll
    static void stopTheSuite() {
        if (stack != null) {
            stack.close();
        }
    }

    @Test
    void every_event_is_scored_and_ranked_once_while_a_scoring_consumer_is_killed() throws Exception {
        Client ingest = new Client(() -> Http.clientToken(
                stack.config().realmUrl(), "ssi-ingest", stack.secrets().ingest()));
        Client admin = new Client(() -> Http.passwordToken(stack.config().realmUrl(), "root", "root"));
        List<String> members = createMembers(ingest);
        Map<String, Set<String>> network = connectMembers(ingest, members);
        Random random = new Random(14);
        Instant began = Instant.now();

        int batch = 0;
        long accepted = 0;
        for (; batch < BATCHES_BEFORE_THE_KILL; batch++) {
            accepted += send(ingest, batch(batch, members, random));
        }
        awaitBothReplicasConsuming();
        double survivorBefore = metric("scoring-service", "ssi_feed_consumer_records_total");
        stack.kill(KILLED);
        System.out.printf("[kafka] killed %s after %d batches%n", KILLED, batch);
        int resent = 0;
        for (; batch < BATCHES_BEFORE_THE_KILL + BATCHES_AFTER_THE_KILL; batch++) {
            String body = batch(batch, members, random);
            accepted += send(ingest, body);
            if (batch % 5 == 0) {
                assertEquals(0, send(ingest, body), "a batch sent again is all duplicates");
                resent++;
            }
        }
        long sent = (long) batch * EVENTS_PER_BATCH;
        System.out.printf(
                "[kafka] %d events sent (%d batches sent twice) in %d s%n",
                sent, resent, Duration.between(began, Instant.now()).toSeconds());

        assertEquals(sent, storedEvents(), "every accepted event is stored exactly once");
        assertEquals(sent, accepted, "every event is accepted once");
        assertEquals(Map.of(), dailyTotalsThatDisagreeWithTheEvents(), "daily totals equal the events");
        Map<String, JsonNode> scores = awaitScoresEqualToRecomputation(admin, members);
        awaitRanksEqualToBruteForce(admin, members, network, scores);
        System.out.printf(
                "[kafka] scores and ranks converged %d s after the first batch; relayed %s activity and %s score"
                        + " changes%n",
                Duration.between(began, Instant.now()).toSeconds(),
                metric("activity-service", "ssi_feed_relay_published_total"),
                metric("scoring-service", "ssi_feed_relay_published_total"));
        double survivorAfter = metric("scoring-service", "ssi_feed_consumer_records_total");
        System.out.printf(
                "[kafka] the surviving scoring replica committed %.0f records before the kill, %.0f after%n",
                survivorBefore, survivorAfter - survivorBefore);
        // That the killed replica's partitions were taken over shows in the scores: every member's equals the
        // recomputation, those whose changes the killed replica had read but not committed included.
        assertTrue(survivorAfter > survivorBefore, "the surviving replica went on consuming");
        assertTrue(metric("ranking-service", "ssi_feed_consumer_records_total") > 0, "ranking read the score topic");
    }

    // ---------------------------------------------------------------------------------------------------------------
    // Arrangement

    private static List<String> createMembers(Client ingest) {
        List<String> members = new ArrayList<>();
        for (int i = 0; i < MEMBERS; i++) {
            String id = "kafka-" + i;
            String industry = i % 2 == 0 ? "kafka-software" : "kafka-retail";
            String body = """
                    {"login": "%s", "displayName": "Kafka %d", "industry": "%s", "seniority": "SENIOR",
                     "profile": {"photo": %b, "headline": true}}""".formatted(id, i, industry, i % 3 == 0);
            ingest.expectOk("PUT", api + "/members/" + id, body);
            members.add(id);
        }
        return members;
    }

    /** Each member connects to the next two (a ring with chords), so every network has a few members. */
    private static Map<String, Set<String>> connectMembers(Client ingest, List<String> members) {
        Map<String, Set<String>> network = new HashMap<>();
        members.forEach(member -> network.put(member, new TreeSet<>(Set.of(member))));
        List<String> events = new ArrayList<>();
        for (int i = 0; i < members.size(); i++) {
            for (int step = 1; step <= 2; step++) {
                String a = members.get(i);
                String b = members.get((i + step) % members.size());
                network.get(a).add(b);
                network.get(b).add(a);
                events.add(event("kafka-connection-" + a + "-" + b, a, "CONNECTION_ADDED", 1, 0)
                        .replace("\"attributes\": {}", "\"attributes\": {\"connectedMemberId\": \"" + b + "\"}"));
            }
        }
        ingest.expectOk("POST", api + "/activities", "{\"events\": [" + String.join(",", events) + "]}");
        return network;
    }

    private static String batch(int batch, List<String> members, Random random) {
        List<String> events = new ArrayList<>();
        for (int i = 0; i < EVENTS_PER_BATCH; i++) {
            String member = members.get(random.nextInt(members.size()));
            String type = TYPES.get(random.nextInt(TYPES.size()));
            events.add(
                    event("kafka-%d-%d".formatted(batch, i), member, type, 1 + random.nextInt(3), random.nextInt(3)));
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

    /** Posts a batch, retrying as a client would; answers the events accepted (0 for a batch sent again). */
    private static long send(Client ingest, String body) {
        long accepted = ingest.expectOk("POST", api + "/activities", body)
                .json()
                .get("accepted")
                .asLong();
        sleep(100);
        return accepted;
    }

    /** Both scoring replicas have scored records from the topic (the group split the partitions between them). */
    private static void awaitBothReplicasConsuming() {
        Instant deadline = Instant.now().plus(Duration.ofMinutes(1));
        while (metric("scoring-service", "ssi_feed_consumer_records_total") == 0
                || metric(KILLED, "ssi_feed_consumer_records_total") == 0) {
            if (Instant.now().isAfter(deadline)) {
                fail("the two scoring replicas did not both consume: "
                        + metric("scoring-service", "ssi_feed_consumer_records_total") + " and "
                        + metric(KILLED, "ssi_feed_consumer_records_total"));
            }
            sleep(250);
        }
    }

    /** The sum of a counter's samples on the service's Prometheus endpoint; 0 when absent. */
    private static double metric(String service, String name) {
        Http.Answer answer = Http.getAccepting(stack.urls().get(service) + "/q/metrics", null, "text/plain");
        Matcher samples =
                Pattern.compile("(?m)^" + name + "(\\{[^}]*})? ([0-9.eE+-]+)$").matcher(answer.body());
        double sum = 0;
        while (samples.find()) {
            sum += Double.parseDouble(samples.group(2));
        }
        return sum;
    }

    // ---------------------------------------------------------------------------------------------------------------
    // The checks against a from-scratch computation (as FaultsIT does for the HTTP transport)

    private static Connection database() throws SQLException {
        return DriverManager.getConnection(stack.urls().get("postgresql"), "postgres", "");
    }

    private static long storedEvents() throws SQLException {
        try (Connection db = database();
                ResultSet rows = db.createStatement()
                        .executeQuery("select count(*) from activity.event where event_id like 'kafka-%'"
                                + " and event_id not like 'kafka-connection-%'")) {
            rows.next();
            return rows.getLong(1);
        }
    }

    private static Map<String, String> dailyTotalsThatDisagreeWithTheEvents() throws SQLException {
        String sql = "select coalesce(e.member_id, d.member_id), coalesce(e.day, d.day), coalesce(e.type, d.metric),"
                + " e.total, d.total"
                + " from (select member_id, (occurred_at at time zone 'UTC')::date as day, type, sum(count) as total"
                + "       from activity.event group by 1, 2, 3) e"
                + " full join (select * from activity.daily_activity where metric not like '%:%') d"
                + "   on d.member_id = e.member_id and d.day = e.day and d.metric = e.type"
                + " where e.total is distinct from d.total";
        Map<String, String> disagreements = new TreeMap<>();
        try (Connection db = database();
                ResultSet rows = db.createStatement().executeQuery(sql)) {
            while (rows.next()) {
                disagreements.put(
                        rows.getString(1) + "/" + rows.getString(2) + "/" + rows.getString(3),
                        "events " + rows.getString(4) + ", daily total " + rows.getString(5));
            }
        }
        return disagreements;
    }

    private static Map<String, JsonNode> awaitScoresEqualToRecomputation(Client admin, List<String> members)
            throws Exception {
        ObjectMapper json = new ObjectMapper()
                .registerModule(new JavaTimeModule())
                .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
        int version = admin.expectOk("GET", api + "/admin/scoring-models/active", null)
                .json()
                .get("version")
                .asInt();
        ModelEngine engine = new ModelEngine(json.readValue(
                admin.expectOk("GET", api + "/admin/scoring-models/" + version, null)
                        .body(),
                ModelDocument.class));
        Instant deadline = Instant.now().plus(CONVERGENCE_LIMIT);
        Map<String, String> mismatches = new TreeMap<>();
        while (Instant.now().isBefore(deadline)) {
            mismatches.clear();
            Map<String, JsonNode> scores = new HashMap<>();
            for (String member : members) {
                Http.Answer answer = admin.attempt("GET", api + "/members/" + member + "/ssi", null);
                if (answer == null || answer.status() != 200) {
                    mismatches.put(member, "no score yet");
                    continue;
                }
                JsonNode ssi = answer.json();
                scores.put(member, ssi);
                String inputsUrl = stack.urls().get("activity-service") + "/internal/members/" + member + "/inputs?day="
                        + ssi.get("day").asText();
                MemberInputs inputs =
                        json.readValue(admin.expectOk("GET", inputsUrl, null).body(), MemberInputs.class);
                PillarScores expected = engine.score(inputs);
                BigDecimal served = ssi.get("score").decimalValue();
                if (served.compareTo(expected.score()) != 0) {
                    mismatches.put(member, "served " + served + ", recomputed " + expected.score());
                }
            }
            if (mismatches.isEmpty()) {
                return scores;
            }
            sleep(1_000);
        }
        fail("scores differ from the recomputation: " + mismatches);
        return Map.of();
    }

    private static void awaitRanksEqualToBruteForce(
            Client admin, List<String> members, Map<String, Set<String>> network, Map<String, JsonNode> scores) {
        Map<String, List<BigDecimal>> industries = new HashMap<>();
        scores.values()
                .forEach(ssi -> industries
                        .computeIfAbsent(ssi.get("industry").get("code").asText(), code -> new ArrayList<>())
                        .add(ssi.get("score").decimalValue()));
        Instant deadline = Instant.now().plus(CONVERGENCE_LIMIT);
        Map<String, String> mismatches = new TreeMap<>();
        while (Instant.now().isBefore(deadline)) {
            mismatches.clear();
            for (String member : members) {
                JsonNode ssi = admin.expectOk("GET", api + "/members/" + member + "/ssi", null)
                        .json();
                BigDecimal score = ssi.get("score").decimalValue();
                double industry = percentileRank(
                        score, industries.get(ssi.get("industry").get("code").asText()));
                double net = percentileRank(
                        score,
                        network.get(member).stream()
                                .map(other -> scores.get(other).get("score").decimalValue())
                                .toList());
                compare(mismatches, member + " industry", industry, ssi.get("industry"));
                compare(mismatches, member + " network", net, ssi.get("network"));
            }
            if (mismatches.isEmpty()) {
                return;
            }
            sleep(1_000);
        }
        fail("ranks differ from the brute-force count: " + mismatches);
    }

    private static void compare(Map<String, String> mismatches, String what, double expected, JsonNode group) {
        double served = group.get("percentileRank").asDouble();
        if (Math.abs(served - expected) > 1e-9) {
            mismatches.put(what, "served " + served + ", counted " + expected);
        }
    }

    /** ssi-model.md: 100 * (below + 0.5 * equal) / N, the member among the equal. */
    private static double percentileRank(BigDecimal score, List<BigDecimal> group) {
        long below = group.stream().filter(other -> other.compareTo(score) < 0).count();
        long equal = group.stream().filter(other -> other.compareTo(score) == 0).count();
        return 100.0 * (below + 0.5 * equal) / group.size();
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
