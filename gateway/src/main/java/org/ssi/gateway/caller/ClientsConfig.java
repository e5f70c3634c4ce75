package org.ssi.gateway.caller;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.util.Set;

/**
 * Which OIDC clients may call the gateway, by the token's authorised party ({@code azp}). People come through the
 * portal and the command line; the ingestion client writes only. A token of any other client of the realm (whose
 * audience may well be {@code account} too) is refused with 401.
 */
@ConfigMapping(prefix = "ssi.security")
public interface ClientsConfig {

    /** Clients whose tokens are accepted; a token without {@code azp} is judged by its audience alone. */
    @WithDefault("ssi-portal,ssi-cli,ssi-ingest")
    Set<String> clients();

    /** Clients whose tokens are accepted only by the ingestion and directory endpoints, whatever their roles. */
    @WithDefault("ssi-ingest")
    Set<String> writeOnlyClients();
}
