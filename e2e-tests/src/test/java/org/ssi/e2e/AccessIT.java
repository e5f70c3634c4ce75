package org.ssi.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.KeyFactory;
import java.security.spec.RSAPublicKeySpec;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.ssi.devstack.Http;
import org.ssi.devstack.Http.Answer;
import org.ssi.devstack.Stack;

/**
 * Issue #13, access, against the real Keycloak: a token replayed after it expired, a token of another realm, unsigned
 * and forged tokens, roles and identities claimed in the request instead of the token, and every id in a path tried
 * by a caller who may not see it. Each is a 401, 403 or 404 problem+json that shows nothing of what it guards, and
 * nothing is stored.
 */
@Order(4)
class AccessIT {

    private static Stack stack;
    private static String api;
    private static String keycloak;
    private static String realm;
    private static String ingest;

    /** Requests tried by this class, by what they tried, for RELIABILITY.md. */
    private static final Map<String, Integer> TRIED = new java.util.TreeMap<>();

    @BeforeAll
    static void joinTheSuite() throws Exception {
        stack = SharedStack.get();
        api = stack.config().gatewayUrl() + "/api/v1";
        keycloak = stack.urls().get("keycloak");
        realm = stack.config().realmUrl();
        ingest = Http.clientToken(realm, "ssi-ingest", stack.secrets().ingest());
    }

    @org.junit.jupiter.api.AfterAll
    static void report() {
        System.out.printf("[access] requests refused, by kind: %s%n", TRIED);
    }

    private static String token(String login) {
        return Http.passwordToken(realm, login, login);
    }

    // ---------------------------------------------------------------------------------------------------------------
    // Tokens

    @Test
    void a_token_replayed_after_it_expired_is_refused() throws Exception {
        String admin = keycloakAdminToken();
        JsonNode cli = Http.get(keycloak + "/admin/realms/ssi/clients?clientId=ssi-cli", admin)
                .json()
                .get(0);
        String client = keycloak + "/admin/realms/ssi/clients/" + cli.get("id").asText();
        ObjectNode shortLived = cli.deepCopy();
        ((ObjectNode) shortLived.with("attributes")).put("access.token.lifespan", "5");
        String alice;
        try {
            assertEquals(
                    204, Http.send("PUT", client, admin, shortLived.toString()).status());
            alice = token("alice");
        } finally {
            // An empty lifespan is the realm's again, as before (a representation without it would keep the 5 s).
            ObjectNode restored = cli.deepCopy();
            ((ObjectNode) restored.with("attributes")).put("access.token.lifespan", "");
            assertEquals(
                    204,
                    Http.send("PUT", client, keycloakAdminToken(), restored.toString())
                            .status());
        }
        long expiry = claims(alice).get("exp").asLong();
        assertTrue(expiry - Instant.now().getEpochSecond() <= 6, "the token lives 5 s");
        assertNotEquals(401, Http.get(api + "/me/ssi", alice).status(), "valid before it expires");

        sleepUntil(Instant.ofEpochSecond(expiry).plusSeconds(2));
        for (String path :
                List.of("/me/ssi", "/me/ssi/history", "/me/ssi/explanation", "/teams", "/members/alice/ssi")) {
            assertRefused("expired", Http.get(api + path, alice), 401);
        }
        assertRefused("expired", Http.send("POST", api + "/activities", alice, "{\"events\": []}"), 401);
        // Each service checks the token again: replayed straight at them, it is refused too.
        assertRefused(
                "expired",
                Http.get(stack.urls().get("activity-service") + "/internal/members/by-login/alice", alice),
                401);
        assertRefused("expired", Http.get(stack.urls().get("scoring-service") + "/internal/scores/alice", alice), 401);
        assertTrue(
                claims(token("alice")).get("exp").asLong() - Instant.now().getEpochSecond() > 60,
                "the client's lifespan is back to the realm's");
    }

    @Test
    void a_token_of_another_realm_is_refused() throws Exception {
        String other = "fz-other-" + UUID.randomUUID().toString().substring(0, 8);
        String admin = keycloakAdminToken();
        String representation = """
                {"realm": "%s", "enabled": true, "sslRequired": "none",
                 "roles": {"realm": [{"name": "admin"}, {"name": "ingest"}, {"name": "rep"}]},
                 "clients": [{"clientId": "ssi-cli", "publicClient": true, "standardFlowEnabled": false,
                              "directAccessGrantsEnabled": true,
                              "protocolMappers": [{"name": "aud", "protocol": "openid-connect",
                                "protocolMapper": "oidc-audience-mapper",
                                "config": {"included.custom.audience": "ssi-api", "access.token.claim": "true"}}]}],
                 "users": [{"username": "alice", "enabled": true, "email": "alice@other.example",
                            "emailVerified": true, "firstName": "Alice", "lastName": "Elsewhere",
                            "credentials": [{"type": "password", "value": "alice", "temporary": false}],
                            "realmRoles": ["admin", "ingest", "rep"]},
                           {"username": "root", "enabled": true, "email": "root@other.example",
                            "emailVerified": true, "firstName": "Root", "lastName": "Elsewhere",
                            "credentials": [{"type": "password", "value": "root", "temporary": false}],
                            "realmRoles": ["admin"]}]}""".formatted(other);
        assertEquals(
                201,
                Http.send("POST", keycloak + "/admin/realms", admin, representation)
                        .status());
        try {
            Map<String, Long> before = HostileInputIT.stored();
            for (String login : List.of("alice", "root")) {
                String foreign = Http.passwordToken(keycloak + "/realms/" + other, login, login);
                assertTrue(claims(foreign).get("realm_access").toString().contains("admin"));
                assertRefused("another realm", Http.get(api + "/me/ssi", foreign), 401);
                assertRefused("another realm", Http.get(api + "/admin/scoring-models", foreign), 401);
                assertRefused("another realm", Http.get(api + "/members/maria/ssi", foreign), 401);
                assertRefused("another realm", Http.get(api + "/teams", foreign), 401);
                assertRefused(
                        "another realm", Http.send("POST", api + "/admin/rollover?day=2026-01-01", foreign, ""), 401);
                assertRefused(
                        "another realm",
                        Http.send("POST", api + "/activities", foreign, batch("fz-other-" + login, "maria")),
                        401);
                assertRefused(
                        "another realm",
                        Http.send("PUT", api + "/members/fz-other-" + login, foreign, member("fz-other-" + login)),
                        401);
                assertRefused(
                        "another realm",
                        Http.get(stack.urls().get("activity-service") + "/internal/members/by-login/maria", foreign),
                        401);
                assertRefused(
                        "another realm",
                        Http.get(stack.urls().get("scoring-service") + "/internal/scores/maria", foreign),
                        401);
            }
            assertEquals(before, HostileInputIT.stored(), "nothing stored");
        } finally {
            Http.send("DELETE", keycloak + "/admin/realms/" + other, keycloakAdminToken(), "");
        }
    }

    @Test
    void unsigned_and_forged_tokens_are_refused() throws Exception {
        String alice = token("alice");
        String[] parts = alice.split("\\.");
        JsonNode header = Http.JSON.readTree(decode(parts[0]));
        ObjectNode payload = (ObjectNode) Http.JSON.readTree(decode(parts[1]));
        ObjectNode asAdmin = payload.deepCopy();
        asAdmin.putObject("realm_access").putArray("roles").add("admin").add("ingest");
        asAdmin.put("preferred_username", "root");
        ObjectNode later = payload.deepCopy();
        later.put("exp", Instant.now().plus(30, ChronoUnit.DAYS).getEpochSecond());

        List<String> forged = new ArrayList<>();
        forged.add(encode("{\"alg\":\"none\",\"typ\":\"JWT\"}") + "." + encode(asAdmin.toString()) + ".");
        forged.add(encode("{\"alg\":\"none\",\"typ\":\"JWT\"}") + "." + parts[1] + ".");
        forged.add(encode("{\"alg\":\"None\"}") + "." + encode(asAdmin.toString()) + "." + parts[2]);
        forged.add(parts[0] + "." + encode(asAdmin.toString()) + "." + parts[2]);
        forged.add(parts[0] + "." + encode(later.toString()) + "." + parts[2]);
        forged.add(parts[0] + "." + parts[1] + ".");
        forged.add(parts[0] + "." + parts[1]);
        forged.add(parts[0] + "." + parts[1] + "." + parts[2].substring(0, parts[2].length() - 4) + "AAAA");
        ObjectNode unknownKey = header.deepCopy();
        unknownKey.put("kid", "fz-unknown-key");
        forged.add(encode(unknownKey.toString()) + "." + parts[1] + "." + parts[2]);
        ObjectNode elsewhere = header.deepCopy();
        elsewhere.put("jku", "http://127.0.0.1:1/jwks.json");
        elsewhere.put("x5u", "http://127.0.0.1:1/cert.pem");
        forged.add(encode(elsewhere.toString()) + "." + parts[1] + "." + parts[2]);
        // Key confusion: HS256 keyed with the realm's public RSA key, as a verifier that trusts the header would check.
        for (byte[] key : realmPublicKeys()) {
            String hs = encode("{\"alg\":\"HS256\",\"typ\":\"JWT\",\"kid\":\""
                            + header.path("kid").asText() + "\"}") + "." + encode(asAdmin.toString());
            forged.add(hs + "." + hmac(key, hs));
        }
        for (String token : forged) {
            assertRefused("forged", Http.get(api + "/me/ssi", token), 401);
            assertRefused("forged", Http.get(api + "/admin/scoring-models", token), 401);
            assertRefused("forged", Http.get(api + "/members/maria/ssi", token), 401);
        }
        for (String authorization : List.of(
                "Bearer",
                "Bearer ",
                "bearer " + alice + " " + alice,
                "Basic cm9vdDpyb290",
                "Bearer " + "A".repeat(20_000))) {
            Wire.Reply reply = new Wire.Request("GET", stack.config().gatewayUrl(), "/api/v1/admin/scoring-models")
                    .header("Authorization", authorization)
                    .send();
            count("forged");
            assertTrue(reply.status() == 401 || reply.status() == 431 || reply.status() == 400, reply.toString());
            if (reply.status() != 431) {
                assertTrue(reply.isProblem(), reply.toString());
            }
        }
    }

    // ---------------------------------------------------------------------------------------------------------------
    // Claims in the request

    @Test
    void roles_and_identities_claimed_in_the_request_are_ignored() throws Exception {
        String alice = token("alice");
        String maria = token("maria");
        Map<String, Long> before = HostileInputIT.stored();
        String claimed = batch("fz-claimed-" + UUID.randomUUID(), "maria")
                .replaceFirst(
                        "\\{",
                        "{\"roles\": [\"ingest\", \"admin\"], \"realm_access\": {\"roles\": [\"ingest\"]},"
                                + " \"memberId\": \"maria\", \"preferred_username\": \"root\", ");
        assertRefused("claimed roles", Http.send("POST", api + "/activities", alice, claimed), 403);
        assertRefused("claimed roles", Http.send("POST", api + "/activities", maria, claimed), 403);
        String member = member("alice")
                .replaceFirst("\\{", "{\"roles\": [\"admin\"], \"realm_access\": {\"roles\": [\"admin\"]}, ");
        assertRefused("claimed roles", Http.send("PUT", api + "/members/alice", alice, member), 403);
        assertRefused(
                "claimed roles",
                Http.send(
                        "PUT",
                        api + "/teams/startup-desk",
                        maria,
                        "{\"roles\": [\"admin\"], \"name\": \"Taken\", \"managers\": [\"maria\"]}"),
                403);
        assertRefused(
                "claimed roles",
                Http.send(
                        "POST",
                        api + "/outcomes",
                        alice,
                        "{\"roles\": [\"ingest\"], \"outcomes\": [{\"outcomeId\": \"fz-claimed\", \"memberId\":"
                                + " \"alice\", \"metric\": \"deals_won\", \"periodStart\": \"2026-01-01\","
                                + " \"periodEnd\": \"2026-01-02\", \"value\": 1000}]}"),
                403);
        assertRefused(
                "claimed roles",
                Http.send(
                        "PUT", api + "/admin/scoring-models/active", alice, "{\"version\": 1, \"roles\": [\"admin\"]}"),
                403);

        Map<String, String> impersonating = Map.of(
                "X-Roles", "admin",
                "X-Forwarded-User", "root",
                "X-Forwarded-Preferred-Username", "maria",
                "X-Auth-Request-User", "root",
                "X-Member-Id", "maria",
                "X-Original-URL", "/api/v1/admin/scoring-models",
                "X-Rewrite-URL", "/api/v1/admin/scoring-models",
                "X-HTTP-Method-Override", "GET");
        for (String path : List.of(
                "/api/v1/admin/scoring-models?roles=admin&realm_access.roles=admin",
                "/api/v1/members/maria/ssi?memberId=alice&as=root",
                "/api/v1/teams/emea-enterprise/ssi?role=manager")) {
            Wire.Request request = new Wire.Request("GET", stack.config().gatewayUrl(), path).token(alice);
            impersonating.forEach(request::header);
            Wire.Reply reply = request.send();
            count("claimed roles");
            assertTrue(reply.status() == 403 || reply.status() == 404, path + " " + reply);
            assertHidden(reply);
        }
        Wire.Request me = new Wire.Request(
                        "GET", stack.config().gatewayUrl(), "/api/v1/me/ssi?memberId=maria&login=maria")
                .token(alice);
        impersonating.forEach(me::header);
        Wire.Reply mine = me.send();
        count("claimed roles");
        if (mine.status() == 200) {
            assertEquals("alice", mine.json().get("memberId").asText(), "the member comes from the token only");
        } else {
            assertEquals(404, mine.status(), mine.toString());
        }
        assertEquals(before, HostileInputIT.stored(), "nothing stored");
    }

    // ---------------------------------------------------------------------------------------------------------------
    // Ids in paths

    @Test
    void no_one_reads_an_id_that_is_not_theirs() {
        Map<String, List<String>> attempts = Map.of(
                "alice",
                List.of(
                        "/members/maria/ssi",
                        "/members/maria/ssi/explanation",
                        "/members/maria",
                        "/members/mike/ssi",
                        "/members/root/ssi",
                        "/teams/emea-enterprise/ssi",
                        "/teams/emea-enterprise/ssi/history",
                        "/teams/emea-enterprise/ssi/export",
                        "/teams/emea-dach/ssi",
                        "/teams/startup-desk/ssi",
                        "/insights/outcomes?metric=meetings",
                        "/admin/scoring-models/1",
                        "/admin/scoring-jobs/1",
                        "/members/alice/../maria/ssi",
                        "/members/alice/%2e%2e/maria/ssi",
                        "/members/alice%2F..%2Fmaria/ssi",
                        "/members/alice/ssi/../../maria/ssi",
                        "/members/maria/ssi;alice",
                        "/members/maria;jsessionid=alice/ssi",
                        "/members/maria%00/ssi",
                        "/members/MARIA/ssi",
                        "/members/maria%2Fssi",
                        "/me/../members/maria/ssi",
                        "/me/ssi/../../members/maria/ssi/explanation"),
                "mike",
                List.of(
                        "/teams/emea-enterprise/ssi",
                        "/teams/emea-enterprise/ssi/history",
                        "/teams/emea-enterprise/ssi/export",
                        "/teams/emea-dach/ssi",
                        "/teams/startup-desk/../emea-enterprise/ssi",
                        "/teams/startup-desk%2F..%2Femea-enterprise/ssi",
                        "/members/maria/ssi",
                        "/members/alice/ssi/explanation"),
                "maria",
                List.of(
                        "/teams/startup-desk/ssi",
                        "/teams/startup-desk/ssi/history",
                        "/teams/startup-desk/ssi/export",
                        "/members/alice/ssi",
                        "/members/alice/ssi/explanation",
                        "/members/alice",
                        "/members/mike/ssi"),
                "ana",
                List.of(
                        "/members/alice/ssi",
                        "/members/maria/ssi/explanation",
                        "/members/alice",
                        "/admin/scoring-jobs/1"));
        for (Map.Entry<String, List<String>> caller : attempts.entrySet()) {
            String token = token(caller.getKey());
            for (String path : caller.getValue()) {
                Wire.Reply reply = new Wire.Request("GET", stack.config().gatewayUrl(), "/api/v1" + path)
                        .token(token)
                        .header("Accept", path.endsWith("/export") ? "text/csv" : "application/json")
                        .send();
                count("ids not theirs");
                assertTrue(
                        reply.status() == 403 || reply.status() == 404,
                        caller.getKey() + " GET " + path + " → " + reply);
                assertTrue(reply.isProblem(), caller.getKey() + " GET " + path + " → " + reply);
                assertHidden(reply);
            }
        }
        for (String path : List.of("/members/alice/ssi", "/teams/emea-enterprise/ssi", "/me/ssi", "/teams")) {
            Answer answer = Http.get(api + path, ingest);
            count("ids not theirs");
            assertRefused("ids not theirs", answer, 403);
        }
        // The lists show only what the caller may see (a manager who is no directory member yet sees none: 404).
        for (Map.Entry<String, String> manager :
                Map.of("mike", "emea-enterprise", "maria", "startup-desk").entrySet()) {
            Answer teams = Http.get(api + "/teams", token(manager.getKey()));
            if (teams.status() == 200) {
                assertFalse(teams.body().contains(manager.getValue()), teams.body());
            } else {
                assertRefused("ids not theirs", teams, 404);
            }
        }
    }

    // ---------------------------------------------------------------------------------------------------------------

    /** Shows nothing of a score, a team or a member: only the problem. */
    private static void assertHidden(Wire.Reply reply) {
        for (String field : Set.of(
                "\"score\"", "\"pillars\"", "\"average\"", "\"median\"", "\"displayName\"", "\"distribution\"")) {
            assertFalse(reply.body().contains(field), "leaks " + field + ": " + reply);
        }
    }

    private static void assertRefused(String kind, Answer answer, int status) {
        count(kind);
        assertEquals(status, answer.status(), answer.body());
        JsonNode problem = answer.json();
        assertEquals(status, problem.get("status").asInt(), answer.body());
        assertTrue(problem.get("type").asText().startsWith("urn:ssi:problem:"), answer.body());
        for (String field : Set.of("\"score\"", "\"pillars\"", "\"average\"", "\"displayName\"")) {
            assertFalse(answer.body().contains(field), "leaks " + field + ": " + answer.body());
        }
    }

    private static synchronized void count(String kind) {
        TRIED.merge(kind, 1, Integer::sum);
    }

    private static String batch(String eventId, String memberId) {
        return """
                {"events": [{"eventId": "%s", "memberId": "%s", "type": "LEAD_SAVED", "occurredAt": "%s", "count": 1}]}""".formatted(
                eventId, memberId, Instant.now().minus(1, ChronoUnit.HOURS).truncatedTo(ChronoUnit.SECONDS));
    }

    private static String member(String login) {
        return """
                {"login": "%s", "displayName": "Claimed", "industry": "fz-claimed", "seniority": "CXO"}""".formatted(login);
    }

    private static String keycloakAdminToken() throws Exception {
        return SharedStack.keycloakAdminToken(keycloak);
    }

    private static JsonNode claims(String token) throws Exception {
        return Http.JSON.readTree(decode(token.split("\\.")[1]));
    }

    private static String decode(String part) {
        return new String(Base64.getUrlDecoder().decode(part), StandardCharsets.UTF_8);
    }

    private static String encode(String json) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(json.getBytes(StandardCharsets.UTF_8));
    }

    /** The realm's RSA signing keys as a key-confusion attack would use them: DER and PEM bytes. */
    private static List<byte[]> realmPublicKeys() throws Exception {
        List<byte[]> keys = new ArrayList<>();
        for (JsonNode key :
                Http.get(realm + "/protocol/openid-connect/certs", null).json().get("keys")) {
            if (!"RSA".equals(key.path("kty").asText())) {
                continue;
            }
            BigInteger n =
                    new BigInteger(1, Base64.getUrlDecoder().decode(key.get("n").asText()));
            BigInteger e =
                    new BigInteger(1, Base64.getUrlDecoder().decode(key.get("e").asText()));
            byte[] der = KeyFactory.getInstance("RSA")
                    .generatePublic(new RSAPublicKeySpec(n, e))
                    .getEncoded();
            keys.add(der);
            String pem = "-----BEGIN PUBLIC KEY-----\n"
                    + Base64.getMimeEncoder(64, "\n".getBytes()).encodeToString(der) + "\n-----END PUBLIC KEY-----\n";
            keys.add(pem.getBytes(StandardCharsets.US_ASCII));
        }
        if (keys.isEmpty()) {
            fail("the realm publishes no RSA key");
        }
        return keys;
    }

    private static String hmac(byte[] key, String signingInput) throws Exception {
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(key, "HmacSHA256"));
        return Base64.getUrlEncoder()
                .withoutPadding()
                .encodeToString(mac.doFinal(signingInput.getBytes(StandardCharsets.US_ASCII)));
    }

    private static void sleepUntil(Instant moment) throws InterruptedException {
        long millis = moment.toEpochMilli() - System.currentTimeMillis();
        if (millis > 0) {
            Thread.sleep(millis);
        }
    }
}
