package org.ssi.activity;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.ssi.activity.Fixtures.batch;
import static org.ssi.activity.Fixtures.event;
import static org.ssi.activity.Fixtures.fresh;
import static org.ssi.activity.Fixtures.newMember;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.oidc.server.OidcWiremockTestResource;
import io.restassured.path.json.JsonPath;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.ssi.devstack.PostgresTestResource;
import org.ssi.devstack.TestTokens;

/**
 * Several clients posting overlapping batches for the same members at once, with a feed reader following along:
 * each event counts once, the daily totals are the sums of the distinct events, and the reader misses no entry.
 */
@QuarkusTest
@QuarkusTestResource(PostgresTestResource.class)
@QuarkusTestResource(OidcWiremockTestResource.class)
class ConcurrentIngestionTest {

    private static final String[] TYPES = {"INMAIL_SENT", "POST_SHARED", "LEAD_SAVED", "PROFILE_VIEW_RECEIVED"};
    private static final int EVENTS = 600;
    private static final int CLIENTS = 6;
    private static final int BATCHES_PER_CLIENT = 6;

    /** One distinct event of the test and what it adds up to. */
    private record Planned(String json, String memberId, String type, LocalDate day, int count) {}

    @Inject
    Pool pool;

    @Test
    void overlapping_batches_posted_at_once_count_each_event_once_and_the_feed_stays_gap_free() throws Exception {
        List<String> members = List.of(newMember("software"), newMember("software"));
        Random random = new Random(20261126);
        List<Planned> planned = new ArrayList<>();
        Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        for (int i = 0; i < EVENTS; i++) {
            String member = members.get(random.nextInt(members.size()));
            String type = TYPES[random.nextInt(TYPES.length)];
            Instant at = now.minus(1 + random.nextInt(24 * 10), ChronoUnit.HOURS);
            int count = 1 + random.nextInt(5);
            planned.add(new Planned(
                    event(fresh("c"), member, type, count, at, "{}"),
                    member,
                    type,
                    LocalDate.ofInstant(at, ZoneOffset.UTC),
                    count));
        }
        List<List<Planned>> batches = new ArrayList<>();
        for (int b = 0; b < CLIENTS * BATCHES_PER_CLIENT; b++) {
            List<Planned> shuffled = new ArrayList<>(planned);
            Collections.shuffle(shuffled, random);
            batches.add(shuffled.subList(0, 100 + random.nextInt(250)));
        }
        // Every event is in at least one batch: the last batch takes whatever the others left out.
        List<Planned> left = new ArrayList<>(planned);
        batches.forEach(left::removeAll);
        batches.get(batches.size() - 1).addAll(left);

        Map<String, String> serviceToken = TestTokens.asService();
        long cursorBefore = feedEnd(serviceToken);
        Map<String, String> ingestToken = TestTokens.viaGateway("service-account-ssi-ingest", "ingest");
        AtomicBoolean writing = new AtomicBoolean(true);
        ExecutorService threads = Executors.newFixedThreadPool(CLIENTS + 1);
        List<Long> followed;
        int accepted = 0;
        int duplicates = 0;
        try {
            Future<List<Long>> reader = threads.submit(() -> follow(serviceToken, cursorBefore, writing));
            List<Future<int[]>> clients = new ArrayList<>();
            for (int c = 0; c < CLIENTS; c++) {
                List<List<Planned>> mine = batches.subList(c * BATCHES_PER_CLIENT, (c + 1) * BATCHES_PER_CLIENT);
                clients.add(threads.submit(() -> post(ingestToken, mine)));
            }
            for (Future<int[]> client : clients) {
                int[] counts = client.get();
                accepted += counts[0];
                duplicates += counts[1];
            }
            writing.set(false);
            followed = reader.get();
        } finally {
            threads.shutdownNow();
        }

        int posted = batches.stream().mapToInt(List::size).sum();
        assertEquals(EVENTS, accepted, "each distinct event accepted exactly once");
        assertEquals(posted - EVENTS, duplicates);
        assertEquals(expectedTotals(planned), storedTotals(members));

        List<Long> all = feedAfter(serviceToken, cursorBefore);
        assertEquals(all, followed, "a reader following the feed during the writes saw every entry, in order");
        for (int i = 1; i < followed.size(); i++) {
            assertTrue(followed.get(i) > followed.get(i - 1));
        }
    }

    private static int[] post(Map<String, String> token, List<List<Planned>> batches) {
        int accepted = 0;
        int duplicates = 0;
        for (List<Planned> batch : batches) {
            String body = batch(batch.stream().map(Planned::json).toArray(String[]::new));
            RawHttp.Answer answer = RawHttp.post(
                    "/api/v1/activities", token, "application/json", body.getBytes(StandardCharsets.UTF_8));
            assertEquals(200, answer.status(), answer.body());
            accepted += answer.json().getInt("accepted");
            duplicates += answer.json().getInt("duplicates");
        }
        return new int[] {accepted, duplicates};
    }

    /** Reads the feed from the cursor, a small page at a time, while the writers write; then to its end. */
    private static List<Long> follow(Map<String, String> token, long cursor, AtomicBoolean writing) {
        List<Long> seen = new ArrayList<>();
        long position = cursor;
        boolean lastRound = false;
        while (true) {
            JsonPath page = RawHttp.get("/internal/changes?after=" + position + "&limit=7", token)
                    .json();
            List<Long> seqs = page.getList("changes.seq", Long.class);
            seen.addAll(seqs);
            position = page.getLong("next");
            if (seqs.isEmpty()) {
                if (lastRound) {
                    return seen;
                }
                lastRound = !writing.get();
            }
        }
    }

    private static long feedEnd(Map<String, String> token) {
        long position = 0;
        while (true) {
            JsonPath page = RawHttp.get("/internal/changes?after=" + position + "&limit=1000", token)
                    .json();
            if (page.getList("changes").isEmpty()) {
                return position;
            }
            position = page.getLong("next");
        }
    }

    private static List<Long> feedAfter(Map<String, String> token, long cursor) {
        List<Long> all = new ArrayList<>();
        long position = cursor;
        while (true) {
            JsonPath page = RawHttp.get("/internal/changes?after=" + position + "&limit=1000", token)
                    .json();
            List<Long> seqs = page.getList("changes.seq", Long.class);
            if (seqs.isEmpty()) {
                return all;
            }
            all.addAll(seqs);
            position = page.getLong("next");
        }
    }

    private static Map<String, Long> expectedTotals(List<Planned> planned) {
        Map<String, Long> totals = new TreeMap<>();
        for (Planned event : planned) {
            totals.merge(event.memberId() + "|" + event.day() + "|" + event.type(), (long) event.count(), Long::sum);
        }
        return totals;
    }

    private Map<String, Long> storedTotals(List<String> members) {
        Map<String, Long> totals = new TreeMap<>();
        for (Row row : pool.preparedQuery("select member_id, day, metric, total from activity.daily_activity"
                        + " where member_id = any($1)")
                .execute(Tuple.of(members.toArray(String[]::new)))
                .await()
                .indefinitely()) {
            totals.put(
                    row.getString("member_id") + "|" + row.getLocalDate("day") + "|" + row.getString("metric"),
                    row.getLong("total"));
        }
        return totals;
    }
}
