package org.ssi.gateway.upstream;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
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

    private CallerHeaders() {}

    /** The claims of a token the headers are read from; any of them may be missing or of another type. */
    record Claims(
            Object upn,
            @JsonProperty("preferred_username") Object preferredUsername,
            Object sub,
            @JsonProperty("realm_access") Object realmAccess) {

        /** The first claim that names the caller, as the services' OIDC would pick it. */
        String principal() {
            return Stream.of(upn, preferredUsername, sub)
                    .filter(String.class::isInstance)
                    .map(String.class::cast)
                    .findFirst()
                    .orElseThrow(() -> unreadable("The bearer token names no caller"));
        }

        /** The realm roles, those that are strings. */
        List<String> roles() {
            if (!(realmAccess instanceof Map<?, ?> access) || !(access.get("roles") instanceof List<?> roles)) {
                return List.of();
            }
            return roles.stream()
                    .filter(String.class::isInstance)
                    .map(String.class::cast)
                    .toList();
        }
    }

    /** The headers for the caller of a raw token; none without a token. */
    static Map<String, String> of(String rawToken, ObjectMapper json) {
        if (rawToken == null || rawToken.isEmpty()) {
            return Map.of();
        }
        Claims claims = claims(rawToken, json);
        String principal = claims.principal();
        List<String> roles = new ArrayList<>();
        for (String role : claims.roles()) {
            roles.add(encode(role));
        }
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put(CALLER, encode(principal));
        headers.put(ROLES, String.join(",", roles));
        return headers;
    }

    private static Claims claims(String rawToken, ObjectMapper json) {
        String[] parts = rawToken.split("\\.");
        if (parts.length < 2) {
            throw unreadable("The bearer token cannot be read");
        }
        try {
            return json.readValue(Base64.getUrlDecoder().decode(parts[1]), Claims.class);
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
