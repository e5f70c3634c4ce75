package org.ssi.e2e;

import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Function;
import org.ssi.devstack.Http;
import org.ssi.devstack.Stack;
import org.ssi.e2e.FaultsIT.Client;
import org.ssi.scoring.model.MemberInputs;
import org.ssi.scoring.model.ModelDocument;
import org.ssi.scoring.model.ModelEngine;
import org.ssi.scoring.model.PillarScores;

/**
 * What the suites that stream batches through faults (FaultsIT over the HTTP feeds, KafkaEndToEndIT over Kafka)
 * compare the live system against, computed from scratch: the events stored, the daily totals summed from them, every
 * score as the active model gives it from the member's inputs, and every rank as the brute-force count of ssi-model.md
 * over those scores.
 */
final class Recomputation {

    private static final Duration CONVERGENCE_LIMIT = Duration.ofMinutes(3);

    private final Stack stack;
    private final String api;
    private final Client admin;
    private final ObjectMapper json = new ObjectMapper()
            .registerModule(new JavaTimeModule())
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    /** Reads through the stack's gateway as {@code admin}, and from its database. */
    Recomputation(Stack stack, Client admin) {
        this.stack = stack;
        this.api = stack.config().gatewayUrl() + "/api/v1";
        this.admin = admin;
    }

    private Connection database() throws SQLException {
        return DriverManager.getConnection(stack.urls().get("postgresql"), "postgres", "");
    }

    /** The stored events whose ids start with {@code prefix-}, the connections ({@code prefix-connection-…}) aside. */
    long storedEvents(String prefix) throws SQLException {
        try (Connection db = database();
                ResultSet rows = db.createStatement()
                        .executeQuery("select count(*) from activity.event where event_id like '" + prefix + "-%'"
                                + " and event_id not like '" + prefix + "-connection-%'")) {
            rows.next();
            return rows.getLong(1);
        }
    }

    /** Member, day and type whose daily total differs from the sum of its stored events: none expected. */
    Map<String, String> dailyTotalsThatDisagreeWithTheEvents() throws SQLException {
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

    /**
     * Reads every member's score until each equals the active model applied to the member's inputs, read from
     * activity; answers the scores read. {@code served} gives a member's SSI as the gateway serves it, or null while
     * the member has none yet.
     */
    Map<String, JsonNode> awaitScoresEqualToRecomputation(List<String> members, Function<String, JsonNode> served)
            throws Exception {
        ModelEngine engine = activeModel();
        Instant deadline = Instant.now().plus(CONVERGENCE_LIMIT);
        Map<String, String> mismatches = new TreeMap<>();
        while (Instant.now().isBefore(deadline)) {
            mismatches.clear();
            Map<String, JsonNode> scores = new HashMap<>();
            // activity-service answers only the suite's own client, as it answers scoring-service.
            String service = Http.clientToken(
                    stack.config().realmUrl(), "ssi-service", stack.secrets().service());
            for (String member : members) {
                JsonNode ssi = served.apply(member);
                if (ssi == null) {
                    mismatches.put(member, "no score yet");
                    continue;
                }
                scores.put(member, ssi);
                String inputsUrl = stack.urls().get("activity-service") + "/internal/members/" + member + "/inputs?day="
                        + ssi.get("day").asText();
                Http.Answer answer = Http.get(inputsUrl, service);
                if (answer.status() != 200) {
                    fail("GET " + inputsUrl + " answered " + answer.status() + ": " + answer.body());
                }
                MemberInputs inputs = json.readValue(answer.body(), MemberInputs.class);
                PillarScores expected = engine.score(inputs);
                BigDecimal score = ssi.get("score").decimalValue();
                if (score.compareTo(expected.score()) != 0) {
                    mismatches.put(member, "served " + score + ", recomputed " + expected.score());
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

    /** The active model, as the administration API gives it: the engine that must have scored everyone today. */
    private ModelEngine activeModel() throws Exception {
        int version = admin.expectOk("GET", api + "/admin/scoring-models/active", null)
                .json()
                .get("version")
                .asInt();
        String document = admin.expectOk("GET", api + "/admin/scoring-models/" + version, null)
                .body();
        return new ModelEngine(json.readValue(document, ModelDocument.class));
    }

    /** Reads every member's ranks until each equals the count of ssi-model.md over the scores read. */
    void awaitRanksEqualToBruteForce(
            List<String> members, Map<String, Set<String>> network, Map<String, JsonNode> scores) {
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
