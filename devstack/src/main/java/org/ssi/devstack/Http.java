package org.ssi.devstack;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.UnaryOperator;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/** The few HTTP calls the stack makes: readiness probes, tokens, and the public API. */
public final class Http {

    public static final ObjectMapper JSON = new ObjectMapper();

    /**
     * The headers in which the gateway names the caller it calls a service for, beside its own token (service-trust's
     * {@code CallerHeaders}): the principal, and the realm roles comma-separated, each percent-encoded UTF-8.
     */
    public static final String CALLER_HEADER = "X-SSI-Caller";

    public static final String CALLER_ROLES_HEADER = "X-SSI-Caller-Roles";

    private static volatile HttpClient client =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private Http() {}

    /**
     * Sends every later call through {@code wrap} of the current client: the end-to-end tests check each exchange with
     * the gateway against the public contract this way.
     */
    public static synchronized void wrapClient(UnaryOperator<HttpClient> wrap) {
        client = wrap.apply(client);
    }

    /** A response: status and body. */
    public record Answer(int status, String body) {
        public JsonNode json() {
            try {
                return JSON.readTree(body);
            } catch (IOException e) {
                throw new IllegalStateException("Not JSON (" + status + "): " + body, e);
            }
        }
    }

    /**
     * The headers of a call as the gateway makes it for a caller: a token of the client {@code ssi-service}, and the
     * caller with its roles. The internal services accept no person's or client's own token.
     */
    public static Map<String, String> viaGateway(String serviceToken, String caller, String... roles) {
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("Authorization", "Bearer " + serviceToken);
        headers.put(CALLER_HEADER, encode(caller));
        headers.put(CALLER_ROLES_HEADER, Stream.of(roles).map(Http::encode).collect(Collectors.joining(",")));
        return headers;
    }

    /** A request with the given headers, and a body of the media type unless it is null. */
    public static Answer request(
            String method, String url, Map<String, String> headers, String mediaType, String body) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url))
                .timeout(Duration.ofSeconds(120))
                .header("Accept", "application/json")
                .method(
                        method,
                        body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (body != null) {
            request.header("Content-Type", mediaType);
        }
        headers.forEach(request::header);
        return send(request.build());
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    public static Answer get(String url, String token) {
        return getAccepting(url, token, "application/json");
    }

    public static Answer getAccepting(String url, String token, String mediaType) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url))
                .timeout(Duration.ofSeconds(30))
                .header("Accept", mediaType);
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        return send(request.GET().build());
    }

    public static Answer send(String method, String url, String token, String jsonBody) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url))
                .timeout(Duration.ofSeconds(120))
                .header("Content-Type", "application/json")
                .method(method, HttpRequest.BodyPublishers.ofString(jsonBody));
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        return send(request.build());
    }

    /** A request with a body of any media type, for long uploads (a directory import, a batch of events). */
    public static Answer upload(
            String method, String url, String token, String mediaType, String body, Duration timeout) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url))
                .timeout(timeout)
                .header("Content-Type", mediaType)
                .method(method, HttpRequest.BodyPublishers.ofString(body));
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        return send(request.build());
    }

    public static Answer form(String url, Map<String, String> fields) {
        String body = fields.entrySet().stream()
                .map(e -> URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8) + "="
                        + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
                .collect(Collectors.joining("&"));
        return send(HttpRequest.newBuilder(URI.create(url))
                .timeout(Duration.ofSeconds(30))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(body))
                .build());
    }

    /** Whether the URL answers 200 now. */
    public static boolean ok(String url) {
        try {
            return client.send(
                                    HttpRequest.newBuilder(URI.create(url))
                                            .timeout(Duration.ofSeconds(5))
                                            .build(),
                                    HttpResponse.BodyHandlers.discarding())
                            .statusCode()
                    == 200;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private static Answer send(HttpRequest request) {
        try {
            HttpResponse<String> response = client.send(request, HttpResponse.BodyHandlers.ofString());
            return new Answer(response.statusCode(), response.body());
        } catch (IOException e) {
            throw new IllegalStateException(request.method() + " " + request.uri() + " failed: " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    /** A token from the realm: password grant for a person, client credentials for a client. */
    public static String passwordToken(String realmUrl, String login, String password) {
        Answer answer = form(
                realmUrl + "/protocol/openid-connect/token",
                Map.of("grant_type", "password", "client_id", "ssi-cli", "username", login, "password", password));
        return accessToken(answer);
    }

    public static String clientToken(String realmUrl, String clientId, String secret) {
        Answer answer = form(
                realmUrl + "/protocol/openid-connect/token",
                Map.of("grant_type", "client_credentials", "client_id", clientId, "client_secret", secret));
        return accessToken(answer);
    }

    private static String accessToken(Answer answer) {
        if (answer.status() != 200) {
            throw new IllegalStateException("No token (" + answer.status() + "): " + answer.body());
        }
        return answer.json().get("access_token").asText();
    }
}
