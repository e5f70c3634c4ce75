package org.ssi.gateway.web.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/**
 * What the web pages need to log a person in: the identity provider as the browser reaches it, and the public client
 * the pages use (authorization code with PKCE).
 */
@ConfigMapping(prefix = "ssi.web")
public interface PortalConfig {

    /**
     * The issuer URL as a browser reaches it; by default the one the gateway validates tokens against. Set it apart
     * when the gateway reaches the identity provider by an internal address (a cluster Service).
     */
    String issuer();

    /** The public client of the web pages. */
    @WithDefault("ssi-portal")
    String clientId();
}
