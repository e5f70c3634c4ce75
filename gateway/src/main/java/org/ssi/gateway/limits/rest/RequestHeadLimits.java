package org.ssi.gateway.limits.rest;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.Map;
import org.ssi.problem.Problem;
import org.ssi.problem.ProblemType;

/**
 * The public limits of a request's head, answered as problem+json: a request line over {@value #MAX_REQUEST_LINE}
 * bytes is a 414 {@code uri-too-long}, headers over {@value #MAX_HEADER_BYTES} bytes a 431 {@code headers-too-large}.
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

    private static final int FIRST = Integer.MIN_VALUE;

    private final ObjectMapper json;

    public RequestHeadLimits(ObjectMapper json) {
        this.json = json;
    }

    void install(@Observes Router router) {
        router.route().order(FIRST).handler(this::check);
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
        } else {
            routing.next();
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
