package org.ssi.gateway.web.rest;

import jakarta.annotation.security.PermitAll;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.ssi.gateway.web.config.PortalConfig;

/**
 * Tells the web pages where to log in. Public: it holds nothing secret, and the pages need it before anyone has a
 * token.
 *
 * <p>Contract: {@code api/openapi.yaml}, operation {@code getPortalConfig}.
 */
@Path("/portal/config")
@Produces(MediaType.APPLICATION_JSON)
@PermitAll
public class PortalConfigResource {

    /** The browser's login settings: the issuer, the public client and the API the pages call. */
    public record PortalSettings(String issuer, String clientId, String api) {}

    private static final String API = "/api/v1";

    private final PortalConfig config;

    public PortalConfigResource(PortalConfig config) {
        this.config = config;
    }

    @GET
    @Operation(
            operationId = "getPortalConfig",
            summary = "Where the web pages send a browser to log in (issuer, public client) and the API they call")
    public PortalSettings settings() {
        return new PortalSettings(stripTrailingSlash(config.issuer()), config.clientId(), API);
    }

    private static String stripTrailingSlash(String url) {
        return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
    }
}
