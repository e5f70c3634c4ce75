package org.ssi.gateway.limits.rest;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.Map;
import org.ssi.gateway.web.rest.SecurityHeaders;
import org.ssi.problem.Problem;
import org.ssi.problem.ProblemType;

/**
 * The public limits of a request's head, answered as problem+json: a request line over {@value #MAX_REQUEST_LINE}
 * bytes is a 414 {@code uri-too-long}, headers over {@value #MAX_HEADER_BYTES} bytes a 431 {@code headers-too-large},
 * and a request target that is not a valid URI (RFC 3986: raw spaces or non-ASCII bytes, braces, quotes, a stray
 * {@code %}) a 400 {@code malformed-request} (api/openapi.yaml, response {@code MalformedRequest}).
 *
 * <p>Quarkus refuses such a target itself with an empty 400 before any route runs, unless the system property
 * {@value #QUARKUS_URI_VALIDATION} is true: {@link org.ssi.gateway.GatewayMain} sets it, and the gateway's tests, so
 * that this route, which makes the same check, answers instead.
 *
 * <p>Vert.x's HTTP codec refuses a head over its own limits with an empty body before any route runs, and Quarkus
 * gives no hook to its invalid-request handler (quarkusio/quarkus#55082). So the codec's limits
 * ({@code quarkus.http.limits.max-initial-line-length} and {@code max-header-size}) are set above these, and this
 * first route applies the public ones; only a head beyond the codec's limits still gets the codec's empty answer.
 */
@ApplicationScoped
public class RequestHeadLimits {

    /** The longest request line (method, target and version), as the contract documents it. */
    static final int MAX_REQUEST_LINE = 4096;
    /** The most header bytes (names, values and separators), as the contract documents it: 20 KiB. */
    static final int MAX_HEADER_BYTES = 20 * 1024;

    /** The system property that turns off Quarkus's own check of the request target, which answers an empty 400. */
    public static final String QUARKUS_URI_VALIDATION = "vertx.disableURIValidation";

    private static final int FIRST = Integer.MIN_VALUE;
    private static final String UNREADABLE = "The request could not be read";
    private static final String NOT_A_URI = "The request target is not a valid URI (RFC 3986); encode spaces, quotes,"
            + " braces, non-ASCII characters and a % that is not an escape as %XX";

    private final ObjectMapper json;
    private final SecurityHeaders securityHeaders;

    public RequestHeadLimits(ObjectMapper json, SecurityHeaders securityHeaders) {
        this.json = json;
        this.securityHeaders = securityHeaders;
    }

    void install(@Observes Router router) {
        router.route().order(FIRST).handler(this::check);
        router.errorHandler(400, this::onRoutingFailure);
    }

    /**
     * A 400 the router itself fails with, before any route runs: Vert.x cannot match a path with an escape that is
     * not one ({@code %zz}), nor decode such a query. Without this it is an empty answer.
     */
    private void onRoutingFailure(RoutingContext routing) {
        if (routing.response().headWritten()) {
            routing.response().close();
            return;
        }
        refuse(
                routing,
                Problem.of(ProblemType.MALFORMED_REQUEST, isBadTarget(routing.failure()) ? NOT_A_URI : UNREADABLE));
    }

    private static boolean isBadTarget(Throwable failure) {
        return failure instanceof IllegalArgumentException
                || failure != null && failure.getCause() instanceof IllegalArgumentException;
    }

    private void check(RoutingContext routing) {
        HttpServerRequest request = routing.request();
        if (requestLineLength(request) > MAX_REQUEST_LINE) {
            refuse(
                    routing,
                    Problem.of(
                            ProblemType.URI_TOO_LONG,
                            "A request line may hold at most " + MAX_REQUEST_LINE + " bytes"));
        } else if (headerBytes(request) > MAX_HEADER_BYTES) {
            refuse(
                    routing,
                    Problem.of(
                            ProblemType.HEADERS_TOO_LARGE,
                            "The request headers may hold at most " + MAX_HEADER_BYTES / 1024 + " KiB"));
        } else if (!isUri(request.uri())) {
            refuse(routing, Problem.of(ProblemType.MALFORMED_REQUEST, NOT_A_URI));
        } else {
            routing.next();
        }
    }

    /** The check Quarkus makes before any route, so that what it would refuse with an empty answer is refused here. */
    private static boolean isUri(String target) {
        try {
            new URI(target);
            return true;
        } catch (URISyntaxException e) {
            return false;
        }
    }

    private static int requestLineLength(HttpServerRequest request) {
        // "GET " + target + " HTTP/1.1"
        return request.method().name().length() + 1 + request.uri().length() + 9;
    }

    private static long headerBytes(HttpServerRequest request) {
        long bytes = 0;
        for (Map.Entry<String, String> header : request.headers()) {
            bytes += header.getKey().length() + 2 + header.getValue().length();
        }
        return bytes;
    }

    private void refuse(RoutingContext routing, Problem problem) {
        try {
            securityHeaders.writeBeforeRouting(routing.request(), routing.response());
            routing.response()
                    .setStatusCode(problem.status())
                    .putHeader(HttpHeaders.CONTENT_TYPE, Problem.MEDIA_TYPE)
                    .putHeader(HttpHeaders.CONNECTION, "close")
                    .end(json.writeValueAsString(problem.ofCurrentRequest()));
        } catch (JsonProcessingException e) {
            routing.fail(e);
        }
    }
}
