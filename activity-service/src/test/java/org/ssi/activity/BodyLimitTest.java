package org.ssi.activity;

import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.ssi.activity.Fixtures.asAdmin;
import static org.ssi.activity.Fixtures.asIngest;
import static org.ssi.activity.Fixtures.asService;
import static org.ssi.activity.Fixtures.event;
import static org.ssi.activity.Fixtures.fresh;
import static org.ssi.activity.Fixtures.newMember;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.oidc.server.OidcWiremockTestResource;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.ssi.devstack.PostgresTestResource;
import org.ssi.devstack.TestTokens;

/** Requests at and over the limits of the contract: 10,000 events, 16 MiB. */
@QuarkusTest
@QuarkusTestResource(PostgresTestResource.class)
@QuarkusTestResource(OidcWiremockTestResource.class)
class BodyLimitTest {

    private static final int MAX_EVENTS = 10_000;

    private static int windowTotal(String memberId, String metric) {
        Integer total = asService()
                .get("/internal/members/" + memberId + "/inputs")
                .then()
                .statusCode(200)
                .extract()
                .path("inWindow.'" + metric + "'");
        return total == null ? 0 : total;
    }

    private static String batchOf(List<String> events) {
        return "{\"events\": [" + String.join(",", events) + "]}";
    }

    private static RawHttp.Answer ingest(String batch) {
        return RawHttp.post(
                "/api/v1/activities",
                TestTokens.viaGateway("ingester", "ingest"),
                "application/json",
                batch.getBytes(StandardCharsets.UTF_8));
    }

    private static List<String> events(String member, String type, int size) {
        List<String> events = new ArrayList<>(size);
        for (int i = 0; i < size; i++) {
            events.add(event(fresh("e") + "-" + i, member, type, 1));
        }
        return events;
    }

    @Test
    void answers_a_body_over_16_mib_with_a_413_problem() {
        char[] padding = new char[17 * 1024 * 1024];
        Arrays.fill(padding, ' ');
        asIngest()
                .body("{\"events\": []" + new String(padding) + "}")
                .post("/api/v1/activities")
                .then()
                .statusCode(413)
                .contentType("application/problem+json")
                .body("type", equalTo("urn:ssi:problem:payload-too-large"))
                .body("status", equalTo(413))
                .body("detail", containsString("16 MiB"));
    }

    @Test
    void answers_a_chunked_body_over_16_mib_with_a_413_problem() {
        byte[] body = ("{\"events\": []" + " ".repeat(17 * 1024 * 1024) + "}").getBytes(StandardCharsets.UTF_8);
        RawHttp.Answer answer = RawHttp.postChunked(
                "/api/v1/activities", TestTokens.viaGateway("ingester", "ingest"), "application/json", body);
        assertEquals(413, answer.status());
        assertEquals("application/problem+json", answer.contentType());
        assertEquals("urn:ssi:problem:payload-too-large", answer.json().getString("type"));
    }

    @Test
    void imports_a_file_sent_without_a_length() {
        String member = fresh("m");
        byte[] body = paddedImport(member);
        RawHttp.Answer answer = RawHttp.postChunked(
                DirectoryImportTest.PATH, TestTokens.viaGateway("root", "admin"), "application/x-ndjson", body);
        assertEquals(200, answer.status(), answer.body());
        assertEquals(1, answer.json().getInt("imported"));
        asAdmin().get("/api/v1/members/" + member).then().statusCode(200);
    }

    @Test
    void answers_a_batch_of_more_than_ten_thousand_events_with_a_413_problem() {
        String member = newMember("software");
        RawHttp.Answer answer = ingest(batchOf(events(member, "LEAD_SAVED", MAX_EVENTS + 1)));
        assertEquals(413, answer.status());
        assertEquals("application/problem+json", answer.contentType());
        assertEquals("urn:ssi:problem:payload-too-large", answer.json().getString("type"));
        assertEquals(0, windowTotal(member, "LEAD_SAVED"));
    }

    @Test
    void stores_nothing_of_a_full_batch_with_one_invalid_event() {
        String member = newMember("software");
        List<String> events = events(member, "PEOPLE_SEARCH", MAX_EVENTS);
        events.set(7_777, event(fresh("e"), member, "NOT_A_TYPE", 1));
        RawHttp.Answer answer = ingest(batchOf(events));
        assertEquals(422, answer.status());
        assertEquals("application/problem+json", answer.contentType());
        assertEquals(List.of("/events/7777/type"), answer.json().getList("errors.pointer"));
        assertEquals(0, windowTotal(member, "PEOPLE_SEARCH"));
    }

    @Test
    void stores_nothing_of_a_full_batch_whose_last_event_conflicts_with_a_stored_one() {
        String member = newMember("software");
        String reused = fresh("e");
        assertEquals(
                200,
                ingest(batchOf(List.of(event(reused, member, "INMAIL_SENT", 1))))
                        .status());
        List<String> events = events(member, "LEAD_SEARCH", MAX_EVENTS - 1);
        events.add(event(reused, member, "INMAIL_SENT", 2));

        RawHttp.Answer conflict = ingest(batchOf(events));
        assertEquals(409, conflict.status());
        assertEquals(List.of(reused), conflict.json().getList("eventIds"));
        assertEquals(0, windowTotal(member, "LEAD_SEARCH"));
        assertEquals(1, windowTotal(member, "INMAIL_SENT"));

        // Without the conflicting event the same batch is stored whole: the 9,999 were rolled back, not half-kept.
        RawHttp.Answer stored = ingest(batchOf(events.subList(0, MAX_EVENTS - 1)));
        assertEquals(200, stored.status());
        assertEquals(MAX_EVENTS - 1, stored.json().getInt("accepted"));
        assertEquals(0, stored.json().getInt("duplicates"));
        assertEquals(MAX_EVENTS - 1, windowTotal(member, "LEAD_SEARCH"));
    }

    @Test
    void accepts_an_import_larger_than_an_ordinary_request_but_not_an_ordinary_request_of_that_size() {
        String member = fresh("m");
        byte[] body = paddedImport(member);
        RawHttp.Answer imported = RawHttp.post(
                DirectoryImportTest.PATH, TestTokens.viaGateway("root", "admin"), "application/x-ndjson", body);
        assertEquals(200, imported.status(), imported.body());
        assertEquals(1, imported.json().getInt("imported"));

        RawHttp.Answer refused = RawHttp.post(
                "/api/v1/members/" + member, TestTokens.viaGateway("root", "admin"), "application/json", body);
        assertEquals(413, refused.status());
        assertEquals("application/problem+json", refused.contentType());
    }

    /** One member line, then 17 MiB of blank lines, which an import skips: a large body, a small import. */
    private static byte[] paddedImport(String member) {
        String blank = " ".repeat(60_000) + "\n";
        return (DirectoryImportTest.memberLine(member, "software", null) + "\n"
                        + blank.repeat(17 * 1024 * 1024 / blank.length() + 1))
                .getBytes(StandardCharsets.UTF_8);
    }
}
