package org.ssi.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.ssi.devstack.Http;
import org.ssi.devstack.Http.Answer;
import org.ssi.devstack.Stack;

/**
 * Issue #13, faults: batches stream in through the gateway while each service in turn is killed with SIGKILL and
 * started again, and PostgreSQL is restarted once. Afterwards every accepted event is stored exactly once, the daily
 * totals equal the events, every score equals the active model recomputed from the member's inputs, every rank equals a
 * brute-force count over those scores, and no client ever saw a 500.
 */
@Order(9)
class FaultsIT {

    private static final int MEMBERS = 24;
    private static final int EVENTS_PER_BATCH = 40;
    private static final int BATCHES_BETWEEN_FAULTS = 6;
    private static final List<String> SERVICES =
            List.of("activity-service", "scoring-service", "ranking-service", "gateway");

    private static Stack stack;
    private static String api;

    @BeforeAll
    static void joinTheSuite() throws Exception {
        stack = SharedStack.get();
        api = stack.config().gatewayUrl() + "/api/v1";
    }

    @Test
    void nothing_accepted_is_lost_or_counted_twice_while_services_and_the_database_crash() throws Exception {
        Client ingest = new Client(() -> Http.clientToken(
                stack.config().realmUrl(), "ssi-ingest", stack.secrets().ingest()));
        Client admin = new Client(() -> Http.passwordToken(stack.config().realmUrl(), "root", "root"));
        Cohort cohort = new Cohort(api, "fault");
        List<String> members = cohort.createMembers(admin, ingest, MEMBERS);
        Map<String, Set<String>> network = cohort.connectMembers(ingest, members);

        Ingestion ingestion = new Ingestion(ingest, cohort, members);
        Thread producer = new Thread(ingestion, "ingestion");
        Reader reader = new Reader(admin, members.get(0));
        Thread readerThread = new Thread(reader, "reader");
        producer.start();
        readerThread.start();

        for (String service : SERVICES) {
            ingestion.awaitMoreBatches(BATCHES_BETWEEN_FAULTS);
            stack.kill(service);
            sleep(1_500);
            stack.restart(service);
        }
        ingestion.awaitMoreBatches(BATCHES_BETWEEN_FAULTS);
        stack.restartDatabase();
        ingestion.awaitMoreBatches(BATCHES_BETWEEN_FAULTS);
        ingestion.stop();
        reader.stop();
        producer.join(Duration.ofMinutes(5).toMillis());
        readerThread.join(Duration.ofMinutes(1).toMillis());

        System.out.printf(
                "[faults] %d batches, %d events sent; answers %s; %d connection failures; %d resent batches;"
                        + " reader answers %s%n",
                ingestion.batches.get(),
                ingestion.batches.get() * EVENTS_PER_BATCH,
                ingest.statuses,
                ingest.connectionFailures.get(),
                ingestion.resent.get(),
                admin.statuses);
        assertEquals(List.of(), ingest.serverErrors, "ingestion clients saw server errors");
        assertEquals(List.of(), admin.serverErrors, "readers saw server errors");
        assertTrue(ingest.statuses.containsKey(503) || ingest.connectionFailures.get() > 0, "no fault was felt");

        Recomputation recomputation = new Recomputation(stack, admin);
        long sent = (long) ingestion.batches.get() * EVENTS_PER_BATCH;
        assertEquals(sent, recomputation.storedEvents("fault"), "every accepted event is stored exactly once");
        assertTrue(ingestion.accepted.get() <= sent, "no event is accepted twice");
        assertEquals(
                sent + (long) ingestion.resent.get() * EVENTS_PER_BATCH,
                ingestion.accepted.get() + ingestion.duplicates.get(),
                "every answer of the retried batches adds up");
        assertEquals(Map.of(), recomputation.dailyTotalsThatDisagreeWithTheEvents(), "daily totals equal the events");

        Map<String, JsonNode> scores = recomputation.awaitScoresEqualToRecomputation(
                members,
                member -> admin.expectOk("GET", api + "/members/" + member + "/ssi", null)
                        .json());
        recomputation.awaitRanksEqualToBruteForce(members, network, scores);
    }

    // ---------------------------------------------------------------------------------------------------------------
    // The clients: they retry as a well-behaved client would, and record every answer they get.

    /** An HTTP client with a token that it renews on 401, recording statuses, server errors and refused connections. */
    static final class Client {
        private final Supplier<String> tokens;
        private volatile String token;
        final Map<Integer, Integer> statuses = new ConcurrentHashMap<>();
        final List<String> serverErrors = new CopyOnWriteArrayList<>();
        final AtomicInteger connectionFailures = new AtomicInteger();

        Client(Supplier<String> tokens) {
            this.tokens = tokens;
            this.token = tokens.get();
        }

        /** One attempt; null when the connection failed (the process was down). */
        Answer attempt(String method, String url, String body) {
            try {
                Answer answer = body == null ? Http.get(url, token) : Http.send(method, url, token, body);
                statuses.merge(answer.status(), 1, Integer::sum);
                if (answer.status() == 500) {
                    serverErrors.add(method + " " + url + " → " + answer.body());
                }
                if (answer.status() == 401) {
                    renewToken();
                }
                return answer;
            } catch (IllegalStateException e) {
                connectionFailures.incrementAndGet();
                return null;
            }
        }

        /** Retries until the answer is 2xx; fails on any other 4xx. */
        Answer expectOk(String method, String url, String body) {
            Instant deadline = Instant.now().plus(Duration.ofMinutes(3));
            while (Instant.now().isBefore(deadline)) {
                Answer answer = attempt(method, url, body);
                if (answer != null && answer.status() / 100 == 2) {
                    return answer;
                }
                if (answer != null && answer.status() / 100 == 4 && answer.status() != 401 && answer.status() != 429) {
                    fail(method + " " + url + " was refused: " + answer.status() + " " + answer.body());
                }
                sleep(250);
            }
            fail(method + " " + url + " never succeeded");
            return null;
        }

        private void renewToken() {
            try {
                token = tokens.get();
            } catch (IllegalStateException e) {
                connectionFailures.incrementAndGet();
            }
        }
    }

    /** Posts numbered batches until stopped, and sends every fifth batch twice, as a client that lost an answer. */
    static final class Ingestion implements Runnable {
        private final Client client;
        private final Cohort cohort;
        private final List<String> members;
        private final Random random = new Random(13);
        private final AtomicBoolean running = new AtomicBoolean(true);
        final AtomicInteger batches = new AtomicInteger();
        final AtomicInteger resent = new AtomicInteger();
        final AtomicLong accepted = new AtomicLong();
        final AtomicLong duplicates = new AtomicLong();

        Ingestion(Client client, Cohort cohort, List<String> members) {
            this.client = client;
            this.cohort = cohort;
            this.members = members;
        }

        @Override
        public void run() {
            while (running.get()) {
                int batch = batches.get();
                String body = cohort.batch(batch, EVENTS_PER_BATCH, members, random);
                send(body);
                if (batch % 5 == 0) {
                    send(body);
                    resent.incrementAndGet();
                }
                batches.incrementAndGet();
                sleep(100);
            }
        }

        private void send(String body) {
            JsonNode answer = client.expectOk("POST", api + "/activities", body).json();
            accepted.addAndGet(answer.get("accepted").asLong());
            duplicates.addAndGet(answer.get("duplicates").asLong());
        }

        void awaitMoreBatches(int more) {
            int target = batches.get() + more;
            Instant deadline = Instant.now().plus(Duration.ofMinutes(3));
            while (batches.get() < target) {
                if (Instant.now().isAfter(deadline)) {
                    fail("ingestion stalled at batch " + batches.get());
                }
                sleep(200);
            }
        }

        void stop() {
            running.set(false);
        }
    }

    /** Reads a member's score through the gateway all along, to see what readers see during the faults. */
    static final class Reader implements Runnable {
        private final Client client;
        private final String member;
        private final AtomicBoolean running = new AtomicBoolean(true);

        Reader(Client client, String member) {
            this.client = client;
            this.member = member;
        }

        @Override
        public void run() {
            while (running.get()) {
                client.attempt("GET", api + "/members/" + member + "/ssi", null);
                sleep(300);
            }
        }

        void stop() {
            running.set(false);
        }
    }

    // ---------------------------------------------------------------------------------------------------------------

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
