package org.ssi.devstack;

import io.smallrye.jwt.build.Jwt;
import io.smallrye.jwt.build.JwtClaimsBuilder;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Access tokens as the demo realm issues them (roles in {@code realm_access.roles}, audience {@code ssi-api}),
 * signed with the key of Quarkus's OIDC test server ({@code OidcWiremockTestResource}), for service tests; and the
 * tokens an attacker would try ({@link #of(String, String...)}): expired, of another issuer, audience or client,
 * signed by another key, unsigned ({@code alg: none}), or with a signature that does not match.
 *
 * <p>The internal services accept only the suite's own token (role {@code service}): a test calls them as the gateway
 * does for a person or client, {@link #viaGateway(String, String...)}, or as a service reading a feed,
 * {@link #asService()}.
 */
public final class TestTokens {

    public static final String ISSUER = "https://server.example.com";
    public static final String AUDIENCE = "ssi-api";

    /** The suite's own confidential client (the gateway's and the services'), its service account and its role. */
    public static final String SERVICE_CLIENT = "ssi-service";

    public static final String SERVICE_ACCOUNT = "service-account-ssi-service";
    public static final String SERVICE_ROLE = "service";

    /** The headers in which the gateway names the caller it calls a service for (service-trust's CallerHeaders). */
    public static final String CALLER_HEADER = Http.CALLER_HEADER;

    public static final String CALLER_ROLES_HEADER = Http.CALLER_ROLES_HEADER;

    private TestTokens() {}

    /** A valid token for the login with the realm roles. */
    public static String token(String login, String... roles) {
        return of(login, roles).sign();
    }

    /** The token of the client {@code ssi-service}, as the gateway and the services get it from the realm. */
    public static String service() {
        return of(SERVICE_ACCOUNT, SERVICE_ROLE).client(SERVICE_CLIENT).sign();
    }

    /** The headers of a service's own call (a feed, say): its token, no caller. */
    public static Map<String, String> asService() {
        return Map.of("Authorization", "Bearer " + service());
    }

    /**
     * The headers of a call the gateway makes for a caller with the realm roles: the gateway's own token, and the
     * caller in {@value #CALLER_HEADER} and {@value #CALLER_ROLES_HEADER}, percent-encoded as the gateway writes them.
     */
    public static Map<String, String> viaGateway(String login, String... roles) {
        return Http.viaGateway(service(), login, roles);
    }

    /** A token that expired a minute ago. */
    public static String expired(String login, String... roles) {
        return of(login, roles).expiringAt(Instant.now().minusSeconds(60)).sign();
    }

    /** A token meant for another API. */
    public static String forAudience(String audience, String login, String... roles) {
        return of(login, roles).audience(audience).sign();
    }

    /** A token to shape before signing it: valid until changed. */
    public static Builder of(String login, String... roles) {
        return new Builder(login, Set.of(roles));
    }

    /** One token's claims and how it is signed. */
    public static final class Builder {
        private final String login;
        private final Set<String> roles;
        private String issuer = ISSUER;
        private List<String> audiences = List.of(AUDIENCE);
        private Instant expiry = Instant.now().plusSeconds(600);
        private String client;
        private String subject;
        private final Map<String, Object> claims = new LinkedHashMap<>();

        private Builder(String login, Set<String> roles) {
            this.login = login;
            this.roles = roles;
            this.subject = "sub-" + login;
        }

        public Builder issuer(String issuer) {
            this.issuer = issuer;
            return this;
        }

        public Builder audience(String... audiences) {
            this.audiences = List.of(audiences);
            return this;
        }

        public Builder expiringAt(Instant expiry) {
            this.expiry = expiry;
            return this;
        }

        /** The client the token was issued to ({@code azp}). */
        public Builder client(String client) {
            this.client = client;
            return this;
        }

        public Builder subject(String subject) {
            this.subject = subject;
            return this;
        }

        public Builder claim(String name, Object value) {
            claims.put(name, value);
            return this;
        }

        /** Signed with the OIDC test server's key, as the test realm would. */
        public String sign() {
            return claims().jws().keyId("1").sign("privateKey.jwk");
        }

        /** Signed with a key of another realm that carries the same key id. */
        public String signWithAnotherKey() {
            try {
                KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
                generator.initialize(2048);
                KeyPair other = generator.generateKeyPair();
                return claims().jws().keyId("1").sign(other.getPrivate());
            } catch (NoSuchAlgorithmException e) {
                throw new IllegalStateException(e);
            }
        }

        /** Unsigned: header {@code alg: none} and an empty signature. */
        public String unsigned() {
            String signed = sign();
            String payload = signed.split("\\.")[1];
            String header = Base64.getUrlEncoder()
                    .withoutPadding()
                    .encodeToString("{\"alg\":\"none\",\"typ\":\"JWT\"}".getBytes(StandardCharsets.UTF_8));
            return header + "." + payload + ".";
        }

        /** Signed properly, then its payload changed (here: an admin role added), so the signature no longer holds. */
        public String tampered() {
            String[] parts = sign().split("\\.");
            String payload = new String(Base64.getUrlDecoder().decode(parts[1]), StandardCharsets.UTF_8);
            String forged = payload.replace("\"roles\":[", "\"roles\":[\"admin\",");
            if (forged.equals(payload)) {
                throw new IllegalStateException("No roles to tamper with in " + payload);
            }
            return parts[0] + "."
                    + Base64.getUrlEncoder().withoutPadding().encodeToString(forged.getBytes(StandardCharsets.UTF_8))
                    + "." + parts[2];
        }

        private JwtClaimsBuilder claims() {
            JwtClaimsBuilder builder = Jwt.preferredUserName(login)
                    .subject(subject)
                    .issuer(issuer)
                    .audience(Set.copyOf(audiences))
                    .claim("realm_access", Map.of("roles", List.copyOf(roles)))
                    .issuedAt(expiry.minusSeconds(900))
                    .expiresAt(expiry);
            if (client != null) {
                builder.claim("azp", client);
            }
            claims.forEach(builder::claim);
            return builder;
        }
    }
}
