package org.ssi.devstack;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.ssi.devstack.ApiEndpoints.Endpoint;

/**
 * What each internal service's test checks of its own trust rule, in one place: every endpoint of the service's own
 * OpenAPI document refuses a person's token (rep, manager, analyst, admin) and the ingest client's with 403
 * problem+json, whatever caller headers they carry, and answers 401 problem+json without a token or with a forged
 * one.
 */
public final class ServiceTrustCheck {

    /** Real ids of the demo realm where a path names one; any other parameter gets {@code x}. */
    private static final Map<String, String> PATH_VALUES =
            Map.of("memberId", "alice", "teamId", "emea-enterprise", "code", "software", "login", "alice");

    private final String baseUrl;
    private final List<Endpoint> endpoints;

    private ServiceTrustCheck(String baseUrl, List<Endpoint> endpoints) {
        this.baseUrl = baseUrl;
        this.endpoints = endpoints;
    }

    /** The endpoints of the service at {@code baseUrl} (no trailing slash), from its {@code /q/openapi}. */
    public static ServiceTrustCheck of(String baseUrl) {
        Http.Answer document = Http.request("GET", baseUrl + "/q/openapi?format=json", Map.of(), null, null);
        if (document.status() != 200) {
            throw new IllegalStateException("No OpenAPI document at " + baseUrl + ": " + document.status());
        }
        JsonNode openapi = document.json();
        List<Endpoint> endpoints = ApiEndpoints.of(openapi, PATH_VALUES, "x");
        if (endpoints.isEmpty()) {
            throw new IllegalStateException("The OpenAPI document of " + baseUrl + " lists no endpoint");
        }
        return new ServiceTrustCheck(baseUrl, endpoints);
    }

    /** The calls of people and of the ingest client that were not refused with 403 problem+json: none, or a bug. */
    public List<String> notRefusingPeople() {
        Map<String, String> tokens = new LinkedHashMap<>();
        tokens.put("a rep", TestTokens.token("alice", "rep"));
        tokens.put("a manager", TestTokens.token("maria", "rep", "manager"));
        tokens.put("an analyst", TestTokens.token("ana", "analyst"));
        tokens.put("an admin", TestTokens.token("root", "admin"));
        tokens.put(
                "the ingest client",
                TestTokens.of("service-account-ssi-ingest", "ingest")
                        .client("ssi-ingest")
                        .sign());
        List<String> answered = new ArrayList<>();
        for (Endpoint endpoint : endpoints) {
            for (Map.Entry<String, String> token : tokens.entrySet()) {
                Map<String, String> own = Map.of("Authorization", "Bearer " + token.getValue());
                Map<String, String> posing = new LinkedHashMap<>(own);
                posing.put(Http.CALLER_HEADER, "root");
                posing.put(Http.CALLER_ROLES_HEADER, "admin,service");
                expect(403, endpoint, own, token.getKey(), answered);
                expect(403, endpoint, posing, token.getKey() + " naming an admin", answered);
            }
        }
        return answered;
    }

    /** The calls without a token or with a forged service token that did not get 401 problem+json. */
    public List<String> notAnswering401() {
        String forged = TestTokens.of(TestTokens.SERVICE_ACCOUNT, TestTokens.SERVICE_ROLE)
                .signWithAnotherKey();
        List<String> answered = new ArrayList<>();
        for (Endpoint endpoint : endpoints) {
            expect(401, endpoint, Map.of(), "no token", answered);
            expect(401, endpoint, Map.of("Authorization", "Bearer " + forged), "a forged token", answered);
        }
        return answered;
    }

    private void expect(int status, Endpoint endpoint, Map<String, String> headers, String who, List<String> wrong) {
        String body =
                endpoint.contentType() == null ? null : endpoint.contentType().contains("json") ? "{}" : "x";
        Http.Answer answer =
                Http.request(endpoint.method(), baseUrl + endpoint.path(), headers, endpoint.contentType(), body);
        if (answer.status() != status || !answer.body().contains("urn:ssi:problem:")) {
            wrong.add(endpoint + " for " + who + ": " + answer.status());
        }
    }
}
