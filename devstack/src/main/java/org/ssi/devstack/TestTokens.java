package org.ssi.devstack;

import io.smallrye.jwt.build.Jwt;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Access tokens as the demo realm issues them (roles in {@code realm_access.roles}, audience {@code ssi-api}),
 * signed with the key of Quarkus's OIDC test server ({@code OidcWiremockTestResource}), for service tests.
 */
public final class TestTokens {

    public static final String ISSUER = "https://server.example.com";
    public static final String AUDIENCE = "ssi-api";

    private TestTokens() {}

    /** A valid token for the login with the realm roles. */
    public static String token(String login, String... roles) {
        return sign(login, Set.of(roles), AUDIENCE, Instant.now().plusSeconds(600));
    }

    /** A token that expired a minute ago. */
    public static String expired(String login, String... roles) {
        return sign(login, Set.of(roles), AUDIENCE, Instant.now().minusSeconds(60));
    }

    /** A token meant for another API. */
    public static String forAudience(String audience, String login, String... roles) {
        return sign(login, Set.of(roles), audience, Instant.now().plusSeconds(600));
    }

    private static String sign(String login, Set<String> roles, String audience, Instant expiry) {
        return Jwt.preferredUserName(login)
                .subject("sub-" + login)
                .issuer(ISSUER)
                .audience(audience)
                .claim("realm_access", Map.of("roles", List.copyOf(roles)))
                .issuedAt(expiry.minusSeconds(900))
                .expiresAt(expiry)
                .jws()
                .keyId("1")
                .sign("privateKey.jwk");
    }
}
