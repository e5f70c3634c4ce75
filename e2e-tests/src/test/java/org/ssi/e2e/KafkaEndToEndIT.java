package org.ssi.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.ssi.devstack.Http;
import org.ssi.devstack.Stack;
import org.ssi.devstack.StackConfig;
import org.ssi.e2e.FaultsIT.Client;

/**
 * Issue #14: the change feeds over Apache Kafka. A suite of its own, with a real broker (devstack's KafkaBroker, its
 * own JVM) and two scoring-service replicas in one consumer group; batches stream in through the gateway, and one
 * scoring replica is killed with SIGKILL while both consume. Afterwards every event is stored once, and every score
 * and rank equals what the HTTP transport gives: the active model recomputed from the member's inputs, and the
 * brute-force count over those scores. Runs in a JVM of its own (failsafe execution {@code kafka}).
 *
 * <p>Issue #24: with the two scoring replicas up, the daily rollover runs once for the cluster. The failsafe execution
 * sets {@code SSI_ROLLOVER_CRON} so that both replicas fire it every ten seconds, at the same wall-clock seconds; it
 * runs before the replica is killed.
 *
 * <p>Issue #24 too: the services send their traces to a receiver in this JVM, and a member created through the gateway
 * is applied by a scoring consumer in a span linked to the request's trace (the {@code traceparent} record header),
 * and by ranking's consumer in a span linked to that one.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class KafkaEndToEndIT {

    private static final int MEMBERS = 30;
    private static final int EVENTS_PER_BATCH = 40;
    private static final int BATCHES_BEFORE_THE_KILL = 15;
    private static final int BATCHES_AFTER_THE_KILL = 15;
    private static final String KILLED = "scoring-service-2";

    private static Stack stack;
    private static String api;
    private static TraceReceiver traces;

    @BeforeAll
    static void startTheSuiteOverKafka() throws Exception {
        Path home = Path.of(System.getProperty("ssi.e2e.home") + "-kafka");
        SharedStack.deleteRecursively(home.resolve("postgres"));
        SharedStack.deleteRecursively(home.resolve("kafka"));
        SharedStack.deleteRecursively(home.resolve("keycloak-26.7.3/data/h2"));
        traces = TraceReceiver.start();
        StackConfig config =
                SharedStack.onFreePorts(home).withKafka(Stack.freePortPair(), 2).withOtlpEndpoint(traces.endpoint());
        Instant began = Instant.now();
        ContractCheck.gateway(config.gatewayUrl());
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
        if (traces != null) {
            traces.close();
        }
    }

    @Test
    @Order(1)
    void the_daily_rollover_runs_once_however_many_scoring_replicas_fire_it_and_an_admin_can_rerun_it() {
        // a run that fires before Keycloak (which starts beside the services) or activity-service is ready fails and
        // records nothing; a later one does the day, and every one after it skips
        Instant deadline = Instant.now().plus(Duration.ofMinutes(2));
        while (rolloverRuns("scoring-service", null) == 0
                || rolloverRuns(KILLED, null) == 0
                || rolloverRuns("scoring-service", "success") + rolloverRuns(KILLED, "success") == 0) {
            if (Instant.now().isAfter(deadline)) {
                fail("the rollover did not fire on both scoring replicas, or never succeeded");
            }
            sleep(250);
        }

        double succeeded = rolloverRuns("scoring-service", "success") + rolloverRuns(KILLED, "success");
        double skipped = rolloverRuns("scoring-service", "skipped") + rolloverRuns(KILLED, "skipped");
        double failed = rolloverRuns("scoring-service", "failure") + rolloverRuns(KILLED, "failure");
        System.out.printf(
                "[kafka] the rollover fired on both replicas: %.0f run, %.0f skipped, %.0f failed%n",
                succeeded, skipped, failed);
        assertEquals(1, succeeded, "one replica ran today's rollover");
        assertTrue(skipped >= 1, "the other replica skipped it");

        String root = Http.passwordToken(stack.config().realmUrl(), "root", "root");
        Http.Answer rerun = Http.send("POST", api + "/admin/rollover", root, "");
        assertEquals(200, rerun.status(), rerun.body());
        assertEquals(
                2,
                rolloverRuns("scoring-service", "success") + rolloverRuns(KILLED, "success"),
                "an admin's rollover runs on a day that had its own");
    }

    @Test
    @Order(2)
    void every_event_is_scored_and_ranked_once_while_a_scoring_consumer_is_killed() throws Exception {
        Client ingest = new Client(() -> Http.clientToken(
                stack.config().realmUrl(), "ssi-ingest", stack.secrets().ingest()));
        Client admin = new Client(() -> Http.passwordToken(stack.config().realmUrl(), "root", "root"));
        Cohort cohort = new Cohort(api, "kafka");
        List<String> members = cohort.createMembers(admin, ingest, MEMBERS);
        Map<String, Set<String>> network = cohort.connectMembers(ingest, members);
        Random random = new Random(14);
        Instant began = Instant.now();

        int batch = 0;
        long accepted = 0;
        for (; batch < BATCHES_BEFORE_THE_KILL; batch++) {
            accepted += send(ingest, cohort.batch(batch, EVENTS_PER_BATCH, members, random));
        }
        awaitBothReplicasConsuming();
        double survivorBefore = metric("scoring-service", "ssi_feed_consumer_records_total");
        stack.kill(KILLED);
        System.out.printf("[kafka] killed %s after %d batches%n", KILLED, batch);
        int resent = 0;
        for (; batch < BATCHES_BEFORE_THE_KILL + BATCHES_AFTER_THE_KILL; batch++) {
            String body = cohort.batch(batch, EVENTS_PER_BATCH, members, random);
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

        Recomputation recomputation = new Recomputation(stack, admin);
        assertEquals(sent, recomputation.storedEvents("kafka"), "every accepted event is stored exactly once");
        assertEquals(sent, accepted, "every event is accepted once");
        assertEquals(Map.of(), recomputation.dailyTotalsThatDisagreeWithTheEvents(), "daily totals equal the events");
        Map<String, JsonNode> scores =
                recomputation.awaitScoresEqualToRecomputation(members, member -> ssiIfScored(admin, member));
        recomputation.awaitRanksEqualToBruteForce(members, network, scores);
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
        // Issue #24: the consumers are alive, caught up, and nothing went to the dead letters
        for (String service : List.of("scoring-service", "ranking-service")) {
            String url = stack.urls().get(service);
            String follower = service.equals("scoring-service") ? "scoring-activity-feed" : "ranking-score-feed";
            PrometheusScrape.await(url, "ssi_feed_lag_entries", Map.of("follower", follower), 0);
            PrometheusScrape.await(url, "ssi_feed_lag_seconds", Map.of("follower", follower), 0);
            assertEquals(1.0, PrometheusScrape.sum(url, "ssi_feed_consumer_alive", Map.of()), service);
            assertEquals(0.0, PrometheusScrape.sum(url, "ssi_feed_dead_letters_total", Map.of()), service);
        }
    }

    // ---------------------------------------------------------------------------------------------------------------
    // Arrangement

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
    @Test
    @Order(3)
    void a_change_is_consumed_by_scoring_and_then_ranking_in_spans_linked_back_to_the_request_that_made_it()
            throws Exception {
        String member = "kafka-linked-" + Long.toHexString(System.nanoTime());
        String root = Http.passwordToken(stack.config().realmUrl(), "root", "root");
        Http.Answer industry = Http.send("PUT", api + "/admin/industries/software", root, "{}");
        assertTrue(industry.status() == 200 || industry.status() == 201, industry.body());
        String ingest = Http.clientToken(
                stack.config().realmUrl(), "ssi-ingest", stack.secrets().ingest());
        String requestTrace = TracesIT.putMemberNamedByItsTrace(api, member, ingest);

        TraceReceiver.ReceivedSpan scored =
                traces.awaitLinkedSpan("scoring-service", "apply activity changes", requestTrace);
        TraceReceiver.ReceivedSpan ranked =
                traces.awaitLinkedSpan("ranking-service", "apply score changes", scored.traceId());
        assertTrue(
                ranked.links().stream().anyMatch(link -> link.spanId().equals(scored.spanId())),
                "ranking links to the very span that scored the change: " + ranked.links() + " " + scored);
        System.out.printf("[kafka] request %s -> %s -> %s%n", requestTrace, scored, ranked);
    }

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

    /** The replica's rollover runs with the outcome (any outcome for null), from its Prometheus endpoint. */
    private static double rolloverRuns(String replica, String outcome) {
        Double runs = PrometheusScrape.sum(
                stack.urls().get(replica),
                "ssi_job_runs_total",
                outcome == null ? Map.of("task", "rollover") : Map.of("task", "rollover", "outcome", outcome));
        return runs == null ? 0 : runs;
    }

    /** The member's SSI as the gateway serves it, or null while the member has no score yet. */
    private static JsonNode ssiIfScored(Client admin, String member) {
        Http.Answer answer = admin.attempt("GET", api + "/members/" + member + "/ssi", null);
        return answer == null || answer.status() != 200 ? null : answer.json();
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
