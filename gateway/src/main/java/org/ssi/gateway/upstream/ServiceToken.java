package org.ssi.gateway.upstream;

import io.quarkus.oidc.client.OidcClient;
import io.quarkus.oidc.client.Tokens;
import io.quarkus.oidc.client.runtime.TokensHelper;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The gateway's own access token for the services: the client credentials of the confidential client
 * {@code ssi-service} ({@code quarkus.oidc-client.*}, secret {@code ssi.service-secret}), which holds the realm role
 * {@code service}. One token for all calls, kept until {@code quarkus.oidc-client.refresh-token-time-skew} before it
 * expires, then fetched again by one request while the others wait for it.
 */
@ApplicationScoped
public class ServiceToken {

    private final OidcClient client;
    private final TokensHelper tokens = new TokensHelper();
    private final AtomicBoolean renew = new AtomicBoolean();

    public ServiceToken(OidcClient client) {
        this.client = client;
    }

    /** The current token, from the cache unless it is about to expire or a service refused it. */
    public Uni<String> get() {
        return tokens.getTokens(client, Map.of(), renew.getAndSet(false)).map(Tokens::getAccessToken);
    }

    /** A service refused the token (the provider's keys changed, say): the next call fetches a new one. */
    public void refused() {
        renew.set(true);
    }
}
