package org.ssi.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.DynamicTest.dynamicTest;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.TestFactory;
import org.ssi.devstack.Http;
import org.ssi.devstack.IndustryCatalogue;
import org.ssi.devstack.Stack;
import org.ssi.e2e.HostileInput.Field;
import org.ssi.e2e.HostileInput.Kind;
import org.ssi.e2e.HostileInput.Mutation;

/**
 * Issue #13, hostile input: every public endpoint of design/api.md, through the gateway with real tokens of the
 * role that may call it, gets a fixed number of requests drawn from a fixed seed, each invalid by the contract:
 * malformed, truncated or non-UTF-8 JSON, wrong types, huge numbers, deep nesting, long strings, odd Unicode, injection
 * strings, traversal in ids, oversized bodies, wrong content types and media types, bad query parameters. Each answer
 * must be a 4xx problem+json (the directory import, which reports bad lines in a 200, must import none), nothing may
 * be stored, and every service must stay ready.
 */
@Order(3)
class HostileInputIT {

    /** Requests per endpoint; with the fixed seed, the same requests at every run. */
    static final int TRIES = Integer.getInteger("ssi.fuzz.tries", 120);

    static final long SEED = Long.getLong("ssi.fuzz.seed", 13L);

    private static final List<String> WRONG_CONTENT_TYPES = List.of(
            "text/plain",
            "application/xml",
            "application/x-www-form-urlencoded",
            "multipart/form-data; boundary=x",
            "application/jsonx",
            "image/png",
            "text/csv");
    private static final List<String> WRONG_ACCEPT = List.of(
            "application/xml", "text/html", "image/png", "application/x-ndjson", "text/plain", "application/pdf");
    private static final List<String> EVENT_TYPES =
            List.of("LEAD_SAVED", "INMAIL_SENT", "POST_SHARED", "ENDORSEMENT_RECEIVED", "CONNECTION_REQUEST_SENT");

    private static final String FUZZ_INDUSTRY = "fz-industry";

    private static Stack stack;
    private static String gateway;
    private static String ingest;
    private static String root;
    private static String alice;
    private static String maria;
    private static String ana;
    private static Map<String, Long> storedAtStart;
    private static final Map<String, Map<String, Integer>> STATUSES = new TreeMap<>();
    private static final Map<String, Integer> KINDS = new TreeMap<>();
    private static final Map<String, Integer> CODEC = new TreeMap<>();
    private static int requests;

    @BeforeAll
    static void joinTheSuite() throws Exception {
        stack = SharedStack.get();
        gateway = stack.config().gatewayUrl();
        String realm = stack.config().realmUrl();
        ingest = Http.clientToken(realm, "ssi-ingest", stack.secrets().ingest());
        root = Http.passwordToken(realm, "root", "root");
        alice = Http.passwordToken(realm, "alice", "alice");
        maria = Http.passwordToken(realm, "maria", "maria");
        ana = Http.passwordToken(realm, "ana", "ana");
        // The members' industry is catalogued, so a member refused is refused for its hostile value alone.
        IndustryCatalogue.register(gateway, root, List.of(FUZZ_INDUSTRY));
        storedAtStart = stored();
    }

    @AfterAll
    static void report() throws Exception {
        System.out.printf("[hostile] %d requests, %d per endpoint, seed %d%n", requests, TRIES, SEED);
        STATUSES.forEach((endpoint, statuses) -> System.out.printf("[hostile] %-45s %s%n", endpoint, statuses));
        System.out.printf("[hostile] kinds of input: %s%n", KINDS);
        System.out.printf("[hostile] targets that are no URI or too long, by answer: %s%n", CODEC);
        if (storedAtStart != null) {
            assertEquals(storedAtStart, stored(), "nothing stored by the whole run");
        }
    }

    /** One endpoint: its name, the token that may call it, and how to build the i-th hostile request. */
    private record Endpoint(String name, Function<HostileInput, Attempt> attempt) {}

    /** A request and what kind of hostile input it carries. */
    private record Attempt(String kind, Wire.Request request, boolean importReport) {
        Attempt(String kind, Wire.Request request) {
            this(kind, request, false);
        }
    }

    @TestFactory
    Stream<DynamicTest> every_endpoint_refuses_hostile_input_with_a_problem_and_stores_nothing() {
        List<Endpoint> endpoints = endpoints();
        List<DynamicTest> tests = new ArrayList<>();
        for (int i = 0; i < endpoints.size(); i++) {
            Endpoint endpoint = endpoints.get(i);
            long seed = SEED * 1_000 + i;
            tests.add(dynamicTest(endpoint.name(), () -> fuzz(endpoint, seed)));
        }
        return tests.stream();
    }

    private static void fuzz(Endpoint endpoint, long seed) throws Exception {
        HostileInput input = new HostileInput(seed);
        Map<String, Long> before = stored();
        List<String> failures = new ArrayList<>();
        Map<String, Integer> statuses = new TreeMap<>();
        Instant start = Instant.now();
        for (int i = 0; i < TRIES; i++) {
            Attempt attempt = endpoint.attempt().apply(input);
            Wire.Reply reply = ContractCheck.answersOnly(() -> attempt.request().send());
            requests++;
            statuses.merge(String.valueOf(reply.status()), 1, Integer::sum);
            KINDS.merge(attempt.kind().replaceAll("[^a-z].*", ""), 1, Integer::sum);
            String problem = check(attempt, reply);
            if (problem != null && failures.size() < 12) {
                failures.add(problem + "\n    " + attempt.kind() + ": "
                        + attempt.request().describe() + "\n    → " + reply);
            }
            if (i % 40 == 39) {
                failures.addAll(unhealthy());
            }
        }
        failures.addAll(unhealthy());
        STATUSES.put(endpoint.name(), statuses);
        System.out.printf(
                "[hostile] %s: %d tries in %d ms, %s%n",
                endpoint.name(), TRIES, Duration.between(start, Instant.now()).toMillis(), statuses);
        assertEquals(List.of(), failures, endpoint.name());
        assertEquals(before, stored(), endpoint.name() + " stored nothing");
    }

    /** What is wrong with the answer, or null. */
    private static String check(Attempt attempt, Wire.Reply reply) {
        if (!attempt.request().targetIsValid() && (reply.status() == 400 || reply.status() == 414)) {
            // A target RFC 3986 does not allow (raw non-ASCII bytes, braces, a stray %) is a 400 malformed-request,
            // one over 4 KiB a 414 uri-too-long; only a line beyond the HTTP codec's own 16 KiB gets its empty 414.
            CODEC.merge(
                    reply.status() + (reply.body().isEmpty() ? " empty" : " " + reply.contentType()), 1, Integer::sum);
            if (reply.isProblem()) {
                return null;
            }
            return reply.status() == 414 && attempt.request().targetLength() > 16 * 1024
                    ? null
                    : "an invalid target's refusal is not problem+json";
        }
        if (attempt.importReport() && reply.status() == 200) {
            JsonNode report = reply.json();
            return report.path("imported").asInt(-1) == 0 ? null : "imported something";
        }
        if (reply.status() < 400 || reply.status() >= 500) {
            return "not a 4xx";
        }
        if (!reply.isProblem()) {
            return "not problem+json";
        }
        try {
            JsonNode problem = reply.json();
            if (problem.path("status").asInt() != reply.status()
                    || !problem.path("type").asText().startsWith("urn:ssi:problem:")
                    || problem.path("title").asText().isEmpty()) {
                return "not a complete problem";
            }
        } catch (IllegalStateException e) {
            return "problem is not JSON";
        }
        if (reply.body().contains("\tat ") || reply.body().contains("Exception")) {
            return "leaks a stack trace or an exception";
        }
        return null;
    }

    private static List<String> unhealthy() {
        List<String> down = new ArrayList<>();
        for (String service : List.of("activity-service", "scoring-service", "ranking-service", "gateway")) {
            if (!Http.ok(stack.urls().get(service) + "/q/health/ready")) {
                down.add(service + " not ready");
            }
        }
        return down;
    }

    // ---------------------------------------------------------------------------------------------------------------
    // The endpoints of design/api.md

    private static List<Endpoint> endpoints() {
        List<Endpoint> all = new ArrayList<>();
        all.add(new Endpoint("POST /activities", HostileInputIT::activities));
        all.add(new Endpoint("PUT /members/{id}", HostileInputIT::putMember));
        all.add(new Endpoint("GET /members/{id}", in -> pathId(in, "/api/v1/members/%s", root)));
        all.add(new Endpoint("PUT /teams/{id}", HostileInputIT::putTeam));
        all.add(new Endpoint("POST /directory/import", HostileInputIT::directoryImport));
        all.add(new Endpoint("GET /me/ssi", in -> accept(in, "/api/v1/me/ssi", alice)));
        all.add(new Endpoint("GET /me/ssi/history", in -> range(in, "/api/v1/me/ssi/history", alice)));
        all.add(new Endpoint("GET /me/ssi/explanation", in -> accept(in, "/api/v1/me/ssi/explanation", alice)));
        all.add(new Endpoint("GET /me/ssi/rank-history", in -> range(in, "/api/v1/me/ssi/rank-history", alice)));
        all.add(new Endpoint("GET /members/{id}/ssi", in -> pathId(in, "/api/v1/members/%s/ssi", root)));
        all.add(new Endpoint(
                "GET /members/{id}/ssi/explanation", in -> pathId(in, "/api/v1/members/%s/ssi/explanation", root)));
        all.add(new Endpoint("GET /teams", in -> accept(in, "/api/v1/teams", maria)));
        all.add(new Endpoint("GET /teams/{id}/ssi", in -> pathId(in, "/api/v1/teams/%s/ssi", maria)));
        all.add(new Endpoint("GET /teams/{id}/ssi/history", in -> teamRange(in, "/ssi/history", "application/json")));
        all.add(new Endpoint("GET /teams/{id}/ssi/export", in -> teamRange(in, "/ssi/export", "text/csv")));
        all.add(new Endpoint("GET /industries/{code}/ssi", in -> pathId(in, "/api/v1/industries/%s/ssi", ana)));
        all.add(new Endpoint("POST /outcomes", HostileInputIT::outcomes));
        all.add(new Endpoint("GET /insights/outcomes", HostileInputIT::insights));
        all.add(new Endpoint("GET /admin/scoring-models", in -> accept(in, "/api/v1/admin/scoring-models", root)));
        all.add(new Endpoint("POST /admin/scoring-models", HostileInputIT::addModel));
        all.add(new Endpoint(
                "GET /admin/scoring-models/active", in -> accept(in, "/api/v1/admin/scoring-models/active", root)));
        all.add(new Endpoint("PUT /admin/scoring-models/active", HostileInputIT::activateModel));
        all.add(new Endpoint(
                "GET /admin/scoring-models/{version}", in -> pathId(in, "/api/v1/admin/scoring-models/%s", root)));
        all.add(new Endpoint("GET /admin/scoring-jobs/{id}", in -> pathId(in, "/api/v1/admin/scoring-jobs/%s", root)));
        all.add(new Endpoint("POST /admin/rollover", HostileInputIT::rollover));
        return all;
    }

    private static Wire.Request request(String method, String target, String token) {
        return new Wire.Request(method, gateway, HostileInput.targetBytes(target)).token(token);
    }

    /** A GET whose id in the path is hostile: refused as not found (or as not allowed), whatever it holds. */
    private static Attempt pathId(HostileInput in, String template, String token) {
        String segment = in.pathSegment();
        return new Attempt("path " + segment, request("GET", template.formatted(segment), token));
    }

    /** A valid body PUT (as the ingest client) whose id in the path is hostile: refused, whatever the id holds. */
    private static Attempt putAtPathId(HostileInput in, String template, Map<String, Object> body) {
        String segment = in.pathSegment();
        return new Attempt(
                "path " + segment,
                request("PUT", template.formatted(segment), ingest)
                        .body("application/json", HostileInput.bytes(HostileInput.write(body))));
    }

    /** A GET without input: what can be hostile is the media type asked for. */
    private static Attempt accept(HostileInput in, String path, String token) {
        String accept = in.chance(80)
                ? in.pick(WRONG_ACCEPT)
                : in.pick("application/vnd.ssi+xml", "text/*", "image/*;q=1", "application/xml, text/html;q=0.9");
        return new Attempt("accept " + accept, request("GET", path, token).header("Accept", accept));
    }

    /** A GET with a day range, one end of it hostile. */
    private static Attempt range(HostileInput in, String path, String token) {
        String value = in.queryValue();
        String query = switch (in.nextInt(3)) {
            case 0 -> "?from=" + value;
            case 1 -> "?to=" + value;
            default -> "?from=" + LocalDate.now(ZoneOffset.UTC).minusDays(7) + "&to=" + value;
        };
        return new Attempt("query " + query, request("GET", path + query, token));
    }

    /** A team's history or export: a hostile team id, or maria's own team with a hostile day range or media type. */
    private static Attempt teamRange(HostileInput in, String suffix, String mediaType) {
        int how = in.nextInt(10);
        if (how < 4) {
            String segment = in.pathSegment();
            return new Attempt(
                    "path " + segment,
                    request("GET", "/api/v1/teams/" + segment + suffix, maria).header("Accept", mediaType));
        }
        if (how < 6) {
            String accept = in.pick(WRONG_ACCEPT.stream()
                    .filter(type -> !type.equals(mediaType))
                    .toList());
            return new Attempt(
                    "accept " + accept,
                    request("GET", "/api/v1/teams/emea-enterprise" + suffix, maria)
                            .header("Accept", accept));
        }
        Attempt range = range(in, "/api/v1/teams/emea-enterprise" + suffix, maria);
        range.request().header("Accept", mediaType);
        return range;
    }

    private static Attempt insights(HostileInput in) {
        String query = switch (in.nextInt(3)) {
            case 0 -> "?metric=" + in.queryValue();
            case 1 -> "?metric=meetings&from=" + in.queryValue();
            default -> "?metric=deals_won&to=" + in.queryValue();
        };
        return new Attempt("query " + query, request("GET", "/api/v1/insights/outcomes" + query, ana));
    }

    private static Attempt rollover(HostileInput in) {
        String query = "?day=" + in.pick(in.queryValue(), "2999-01-01", "1969-12-31", "0000-01-01");
        return new Attempt("query " + query, request("POST", "/api/v1/admin/rollover" + query, root));
    }

    // --- bodies

    /**
     * A body for an endpoint that stores: a broken body, a valid one of a wrong media type, an oversized one, or a
     * valid one sent to a hostile id.
     */
    private static Attempt body(
            HostileInput in,
            String method,
            String path,
            String token,
            Map<String, Object> template,
            List<Field> fields,
            List<List<Object>> required,
            String oversizedWrapper) {
        int how = in.nextInt(100);
        if (how < 3 && oversizedWrapper != null) {
            String padding = "x".repeat(16 * 1024 * 1024 + 1);
            return new Attempt(
                    "oversized 16 MiB",
                    request(method, path, token)
                            .body("application/json", HostileInput.bytes(oversizedWrapper.formatted(padding))));
        }
        if (how < 12) {
            String type = in.chance(85) ? in.pick(WRONG_CONTENT_TYPES) : null;
            Wire.Request request =
                    request(method, path, token).body(type, HostileInput.bytes(HostileInput.write(template)));
            return new Attempt("content type " + type, request);
        }
        Mutation mutation = in.breakBody(template, fields, required);
        return new Attempt(mutation.kind(), request(method, path, token).body("application/json", mutation.body()));
    }

    private static int serial;

    private static String fresh(String prefix) {
        return "fz-" + prefix + "-" + SEED + "-" + (++serial);
    }

    private static Attempt activities(HostileInput in) {
        if (in.nextInt(100) < 2) {
            return new Attempt("oversized 10,001 events", tooManyEvents());
        }
        int size = 1 + in.nextInt(3);
        List<Object> events = new ArrayList<>();
        List<Field> fields = new ArrayList<>();
        fields.add(Field.of(Kind.OBJECT, "events"));
        for (int i = 0; i < size; i++) {
            Map<String, Object> event = new LinkedHashMap<>();
            event.put("eventId", fresh("event"));
            event.put("memberId", "alice");
            event.put("type", in.pick(EVENT_TYPES));
            event.put(
                    "occurredAt",
                    Instant.now()
                            .minus(1 + in.nextInt(48), ChronoUnit.HOURS)
                            .truncatedTo(ChronoUnit.SECONDS)
                            .toString());
            event.put("count", 1 + in.nextInt(5));
            event.put("attributes", Map.of());
            events.add(event);
            fields.add(Field.of(Kind.EVENT_ID, "events", i, "eventId"));
            fields.add(Field.of(Kind.KNOWN_MEMBER, "events", i, "memberId"));
            fields.add(Field.of(Kind.EVENT_TYPE, "events", i, "type"));
            fields.add(Field.of(Kind.TIME, "events", i, "occurredAt"));
            fields.add(Field.of(Kind.COUNT, "events", i, "count"));
            fields.add(Field.of(Kind.OBJECT, "events", i, "attributes"));
        }
        Map<String, Object> batch = new LinkedHashMap<>();
        batch.put("events", events);
        int bad = in.nextInt(size);
        List<List<Object>> required = List.of(
                List.of("events"),
                List.of("events", bad, "eventId"),
                List.of("events", bad, "memberId"),
                List.of("events", bad, "type"),
                List.of("events", bad, "occurredAt"));
        return body(
                in,
                "POST",
                "/api/v1/activities",
                ingest,
                batch,
                fields,
                required,
                "{\"events\": [{\"eventId\": \"%s\"}]}");
    }

    private static Wire.Request tooManyEvents() {
        StringBuilder body = new StringBuilder("{\"events\": [");
        String at = Instant.now()
                .minus(1, ChronoUnit.HOURS)
                .truncatedTo(ChronoUnit.SECONDS)
                .toString();
        for (int i = 0; i <= 10_000; i++) {
            body.append(i == 0 ? "" : ",")
                    .append("{\"eventId\": \"")
                    .append(fresh("many"))
                    .append("\", \"memberId\": \"alice\", \"type\": \"LEAD_SAVED\", \"occurredAt\": \"")
                    .append(at)
                    .append("\"}");
        }
        return request("POST", "/api/v1/activities", ingest)
                .body("application/json", HostileInput.bytes(body.append("]}").toString()));
    }

    private static Map<String, Object> member(HostileInput in) {
        Map<String, Object> member = new LinkedHashMap<>();
        String login = fresh("login");
        member.put("login", login);
        member.put("displayName", "Fuzz " + login);
        member.put("industry", FUZZ_INDUSTRY);
        member.put("seniority", in.pick("ENTRY", "SENIOR", "VP"));
        member.put("teamId", null);
        Map<String, Object> profile = new LinkedHashMap<>();
        profile.put("photo", true);
        profile.put("headline", false);
        profile.put("skills", true);
        member.put("profile", profile);
        return member;
    }

    private static final List<Field> MEMBER_FIELDS = List.of(
            Field.of(Kind.NAME, "login"),
            Field.of(Kind.NAME, "displayName"),
            Field.of(Kind.CODE, "industry"),
            Field.of(Kind.SENIORITY, "seniority"),
            Field.of(Kind.KNOWN_TEAM, "teamId"),
            Field.of(Kind.OBJECT, "profile"),
            Field.of(Kind.BOOLEAN, "profile", "photo"),
            Field.of(Kind.BOOLEAN, "profile", "headline"),
            Field.of(Kind.BOOLEAN, "profile", "skills"));

    private static Attempt putMember(HostileInput in) {
        Map<String, Object> member = member(in);
        if (in.chance(25)) {
            return putAtPathId(in, "/api/v1/members/%s", member);
        }
        return body(
                in,
                "PUT",
                "/api/v1/members/" + fresh("member"),
                ingest,
                member,
                MEMBER_FIELDS,
                List.of(List.of("login"), List.of("displayName"), List.of("industry")),
                "{\"login\": \"%s\"}");
    }

    private static Attempt putTeam(HostileInput in) {
        Map<String, Object> team = new LinkedHashMap<>();
        team.put("name", "Fuzz team");
        team.put("parentTeamId", null);
        team.put("managers", List.of());
        if (in.chance(25)) {
            return putAtPathId(in, "/api/v1/teams/%s", team);
        }
        return body(
                in,
                "PUT",
                "/api/v1/teams/" + fresh("team"),
                ingest,
                team,
                List.of(
                        Field.of(Kind.NAME, "name"),
                        Field.of(Kind.KNOWN_TEAM, "parentTeamId"),
                        Field.of(Kind.ID_LIST, "managers")),
                List.of(List.of("name")),
                "{\"name\": \"%s\"}");
    }

    private static Attempt outcomes(HostileInput in) {
        Map<String, Object> outcome = new LinkedHashMap<>();
        LocalDate end = LocalDate.now(ZoneOffset.UTC).minusDays(1 + in.nextInt(30));
        outcome.put("outcomeId", fresh("outcome"));
        outcome.put("memberId", "alice");
        outcome.put("metric", in.pick("opportunities", "meetings", "deals_won", "revenue"));
        outcome.put("periodStart", end.minusDays(6).toString());
        outcome.put("periodEnd", end.toString());
        outcome.put("value", in.nextInt(1000));
        Map<String, Object> batch = new LinkedHashMap<>();
        batch.put("outcomes", List.of(outcome));
        return body(
                in,
                "POST",
                "/api/v1/outcomes",
                ingest,
                batch,
                List.of(
                        Field.of(Kind.OBJECT, "outcomes"),
                        Field.of(Kind.EVENT_ID, "outcomes", 0, "outcomeId"),
                        Field.of(Kind.KNOWN_MEMBER, "outcomes", 0, "memberId"),
                        Field.of(Kind.METRIC, "outcomes", 0, "metric"),
                        Field.of(Kind.DAY, "outcomes", 0, "periodStart"),
                        Field.of(Kind.DAY, "outcomes", 0, "periodEnd"),
                        Field.of(Kind.NON_NEGATIVE, "outcomes", 0, "value")),
                List.of(
                        List.of("outcomes"),
                        List.of("outcomes", 0, "outcomeId"),
                        List.of("outcomes", 0, "memberId"),
                        List.of("outcomes", 0, "metric"),
                        List.of("outcomes", 0, "periodStart"),
                        List.of("outcomes", 0, "periodEnd"),
                        List.of("outcomes", 0, "value")),
                "{\"outcomes\": [{\"outcomeId\": \"%s\"}]}");
    }

    private static Map<String, Object> modelV1;

    /** Model v1 as the repository ships it, under a version number no one uses: valid, were it not broken. */
    @SuppressWarnings("unchecked")
    private static Attempt addModel(HostileInput in) {
        try {
            if (modelV1 == null) {
                modelV1 = Http.JSON.readValue(
                        Files.readString(Path.of(System.getProperty("ssi.repository"))
                                .resolve("scoring-service/src/main/resources/models/v1.json")),
                        Map.class);
                modelV1.put("version", 900 + (int) (SEED % 90));
            }
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        return body(
                in,
                "POST",
                "/api/v1/admin/scoring-models",
                root,
                modelV1,
                List.of(
                        Field.of(Kind.VERSION, "version"),
                        Field.of(Kind.FREE_TEXT, "description"),
                        Field.of(Kind.OBJECT, "pillars"),
                        Field.of(Kind.OBJECT, "pillars", 0),
                        Field.of(Kind.ID_LIST, "pillars")),
                List.of(List.of("version"), List.of("pillars")),
                "{\"version\": 999, \"description\": \"%s\"}");
    }

    /** Activates a version that does not exist even when the body is valid, so that nothing is ever rescored. */
    private static Attempt activateModel(HostileInput in) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("version", 9_999);
        return body(
                in,
                "PUT",
                "/api/v1/admin/scoring-models/active",
                root,
                body,
                List.of(Field.of(Kind.VERSION, "version")),
                List.of(List.of("version")),
                "{\"version\": \"%s\"}");
    }

    /** The directory import answers 200 with an error per bad line: every line is bad, so none may be imported. */
    private static Attempt directoryImport(HostileInput in) {
        int how = in.nextInt(10);
        if (how < 2) {
            String type = in.pick("application/json", "text/plain", "application/xml", "multipart/form-data");
            return new Attempt(
                    "content type " + type,
                    request("POST", "/api/v1/directory/import", ingest)
                            .body(
                                    type,
                                    HostileInput.bytes("{\"kind\": \"team\", \"teamId\": \"" + fresh("team")
                                            + "\", \"name\": \"Fuzz\"}")),
                    true);
        }
        if (how < 5) {
            StringBuilder csv = new StringBuilder("memberId,login,displayName,industry,teamId\n");
            for (int i = 0, rows = 1 + in.nextInt(4); i < rows; i++) {
                String industry = String.valueOf(in.invalidValue(Kind.CODE));
                csv.append(in.chance(30) ? quoted(in.string()) : fresh("member"))
                        .append(',')
                        .append(fresh("login"))
                        .append(',')
                        .append(quoted(in.string()))
                        .append(',')
                        .append(quoted(industry))
                        .append(',')
                        .append(in.chance(50) ? "" : quoted(in.string()))
                        .append('\n');
            }
            return new Attempt(
                    "csv",
                    request("POST", "/api/v1/directory/import", ingest)
                            .body("text/csv", HostileInput.bytes(csv.toString())),
                    true);
        }
        List<byte[]> lines = new ArrayList<>();
        for (int i = 0, count = 1 + in.nextInt(4); i < count; i++) {
            Map<String, Object> member = member(in);
            member.put("kind", "member");
            member.put("memberId", fresh("member"));
            Mutation mutation = in.breakBody(
                    member,
                    MEMBER_FIELDS,
                    List.of(List.of("login"), List.of("displayName"), List.of("industry"), List.of("memberId")));
            lines.add(mutation.body());
        }
        java.io.ByteArrayOutputStream ndjson = new java.io.ByteArrayOutputStream();
        lines.forEach(line -> {
            ndjson.writeBytes(line);
            ndjson.write('\n');
        });
        return new Attempt(
                "ndjson",
                request("POST", "/api/v1/directory/import", ingest).body("application/x-ndjson", ndjson.toByteArray()),
                true);
    }

    private static String quoted(String value) {
        return "\"" + value.replace("\"", "\"\"") + "\"";
    }

    // ---------------------------------------------------------------------------------------------------------------
    // What is stored, read from PostgreSQL: rows of every table a public endpoint writes, and their latest change.

    private static final Map<String, String> STORED = new LinkedHashMap<>();

    static {
        STORED.put("members", "select count(*) from activity.member");
        STORED.put(
                "members changed",
                "select coalesce(extract(epoch from max(updated_at)) * 1000, 0) from activity.member");
        STORED.put("teams", "select count(*) from activity.team");
        STORED.put(
                "teams changed", "select coalesce(extract(epoch from max(updated_at)) * 1000, 0) from activity.team");
        STORED.put("events", "select count(*) from activity.event");
        STORED.put("industries", "select count(*) from activity.industry");
        STORED.put("connections", "select count(*) from activity.connection");
        STORED.put("outcomes", "select count(*) from scoring.outcome");
        STORED.put("scoring models", "select count(*) from scoring.scoring_model");
        STORED.put("active model", "select version from scoring.active_model");
        STORED.put("rescoring jobs", "select count(*) from scoring.rescoring_job");
        STORED.put(
                "fuzz rows",
                "select (select count(*) from activity.member where member_id like 'fz-%' or login like 'fz-%')"
                        + " + (select count(*) from activity.team where team_id like 'fz-%')"
                        + " + (select count(*) from activity.event where event_id like 'fz-%')"
                        + " + (select count(*) from scoring.outcome where outcome_id like 'fz-%')");
    }

    static Map<String, Long> stored() throws Exception {
        Map<String, Long> counts = new LinkedHashMap<>();
        String url = SharedStack.get().urls().get("postgresql");
        try (Connection db = DriverManager.getConnection(url, "postgres", "")) {
            db.setReadOnly(true);
            for (Map.Entry<String, String> query : STORED.entrySet()) {
                try (ResultSet rows = db.createStatement().executeQuery(query.getValue())) {
                    rows.next();
                    counts.put(query.getKey(), rows.getLong(1));
                }
            }
        }
        return counts;
    }
}
