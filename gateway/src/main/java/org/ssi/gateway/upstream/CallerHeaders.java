package org.ssi.gateway.upstream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.ssi.problem.ProblemException;
import org.ssi.problem.ProblemType;

/**
 * Whom the gateway calls a service for, in the headers the services read (service-trust's {@code CallerHeaders}):
 * {@value #CALLER} is the caller's principal as the services' OIDC would name it ({@code upn}, else
 * {@code preferred_username}, else {@code sub}), {@value #ROLES} the token's realm roles, comma-separated, each
 * percent-encoded UTF-8. Read from the caller's token, which the gateway has verified before any call.
 */
public final class CallerHeaders {

    public static final String CALLER = "X-SSI-Caller";
    public static final String ROLES = "X-SSI-Caller-Roles";

    private static final List<String> PRINCIPAL_CLAIMS = List.of("upn", "preferred_username", "sub");

    private CallerHeaders() {}

    /** The headers for the caller of a raw token; none without a token. */
    static Map<String, String> of(String rawToken, ObjectMapper json) {
        if (rawToken == null || rawToken.isEmpty()) {
            return Map.of();
        }
        JsonNode claims = claims(rawToken, json);
        String principal = PRINCIPAL_CLAIMS.stream()
                .map(claims::path)
                .filter(JsonNode::isTextual)
                .map(JsonNode::asText)
                .findFirst()
                .orElseThrow(() -> unreadable("The bearer token names no caller"));
        List<String> roles = new ArrayList<>();
        for (JsonNode role : claims.path("realm_access").path("roles")) {
            if (role.isTextual()) {
                roles.add(encode(role.asText()));
            }
        }
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put(CALLER, encode(principal));
        headers.put(ROLES, String.join(",", roles));
        return headers;
    }

    private static JsonNode claims(String rawToken, ObjectMapper json) {
        String[] parts = rawToken.split("\\.");
        if (parts.length < 2) {
            throw unreadable("The bearer token cannot be read");
        }
        try {
            return json.readTree(Base64.getUrlDecoder().decode(parts[1]));
        } catch (IOException | IllegalArgumentException e) {
            throw unreadable("The bearer token cannot be read");
        }
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    private static ProblemException unreadable(String detail) {
        return new ProblemException(ProblemType.UNAUTHORIZED, detail);
    }
}
