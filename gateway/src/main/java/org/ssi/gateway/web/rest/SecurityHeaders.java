package org.ssi.gateway.web.rest;

import io.quarkus.runtime.LaunchMode;
import io.quarkus.vertx.http.runtime.RouteConstants;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.net.URI;
import java.util.Map;
import org.ssi.gateway.web.config.PortalConfig;

/**
 * The security headers of every answer:
 *
 * <ul>
 *   <li>{@code X-Content-Type-Options: nosniff}, {@code Referrer-Policy: no-referrer} and {@code X-Frame-Options:
 *       DENY}, always;
 *   <li>{@code Content-Security-Policy}: scripts, styles, images and calls only from the gateway itself, and calls to
 *       the identity provider the pages log in with ({@code ssi.web.issuer}, the issuer {@code /portal/config}
 *       gives them), never inside a frame. Swagger UI ({@value #SWAGGER_UI}) writes its settings as inline script
 *       and style, so its pages may run inline code, still only from here.
 *   <li>{@code Strict-Transport-Security}: only on an answer to a request that came over TLS, to the gateway or to
 *       the Ingress in front of it ({@code X-Forwarded-Proto: https}). A client that claims https falsely only pins
 *       itself to https.
 * </ul>
 *
 * They are written when the answer's headers are, so that every answer has them, whichever handler gives it:
 * pages, the API, problem+json errors, 404s, the OpenAPI document.
 */
@ApplicationScoped
public class SecurityHeaders {

    static final String CONTENT_SECURITY_POLICY = "Content-Security-Policy";
    static final String STRICT_TRANSPORT_SECURITY = "Strict-Transport-Security";
    static final String SWAGGER_UI = "/q/swagger-ui";

    /** A year, as browsers' preload lists ask; without subdomains, which are not the gateway's to decide. */
    static final String ONE_YEAR_OF_HTTPS = "max-age=31536000";

    private static final Map<String, String> FIXED = Map.of(
            "X-Content-Type-Options", "nosniff",
            "Referrer-Policy", "no-referrer",
            "X-Frame-Options", "DENY");

    /** Dev UI runs inline scripts of its own; it exists only in dev mode and is never routed. */
    private static final String DEV_UI = "/q/dev-ui";

    private final String pagePolicy;
    private final String swaggerUiPolicy;
    private final boolean devMode;

    public SecurityHeaders(PortalConfig portal) {
        String provider = origin(portal.issuer());
        String common = "connect-src 'self' " + provider
                + "; object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'";
        this.pagePolicy = "default-src 'self'; " + common;
        this.swaggerUiPolicy =
                "default-src 'self'; script-src 'self' 'unsafe-inline'; style-src 'self' 'unsafe-inline';"
                        + " img-src 'self' data:; " + common;
        this.devMode = LaunchMode.current() == LaunchMode.DEVELOPMENT;
    }

    void install(@Observes Router router) {
        router.route().order(RouteConstants.ROUTE_ORDER_HEADERS).handler(this::onAnswer);
    }

    private void onAnswer(RoutingContext routing) {
        routing.addHeadersEndHandler(ignored -> write(routing.request(), routing.response(), routing.normalizedPath()));
        routing.next();
    }

    /**
     * Writes them on an answer given before the routes run (the request head refusals of {@code RequestHeadLimits}),
     * with the pages' policy, since the target may not even be a path.
     */
    public void writeBeforeRouting(HttpServerRequest request, HttpServerResponse response) {
        write(request, response, "/");
    }

    private void write(HttpServerRequest request, HttpServerResponse response, String path) {
        FIXED.forEach(response.headers()::set);
        String policy = policy(path);
        if (policy != null) {
            response.headers().set(CONTENT_SECURITY_POLICY, policy);
        }
        if (overTls(request)) {
            response.headers().set(STRICT_TRANSPORT_SECURITY, ONE_YEAR_OF_HTTPS);
        }
    }

    /** The policy for an answer at this path; none only for Dev UI in dev mode. */
    String policy(String path) {
        if (isUnder(path, SWAGGER_UI)) {
            return swaggerUiPolicy;
        }
        if (devMode && isUnder(path, DEV_UI)) {
            return null;
        }
        return pagePolicy;
    }

    private static boolean isUnder(String path, String root) {
        return path.equals(root) || path.startsWith(root + "/");
    }

    private static boolean overTls(HttpServerRequest request) {
        if (request.isSSL() || "https".equalsIgnoreCase(request.scheme())) {
            return true;
        }
        String forwarded = request.getHeader("X-Forwarded-Proto");
        return forwarded != null && "https".equalsIgnoreCase(forwarded.split(",")[0].trim());
    }

    /** scheme://host[:port] of the issuer: the pages fetch its discovery document and its token endpoint. */
    static String origin(String issuer) {
        URI uri = URI.create(issuer);
        return uri.getScheme() + "://" + uri.getRawAuthority();
    }
}
