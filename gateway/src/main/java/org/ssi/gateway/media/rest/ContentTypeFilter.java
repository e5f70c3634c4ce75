package org.ssi.gateway.media.rest;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.vertx.http.runtime.RouteConstants;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.Set;
import org.ssi.problem.Problem;
import org.ssi.problem.ProblemType;

/**
 * A body sent to the public API without a {@code Content-Type} is a 415 problem+json: the endpoints take only the
 * media types they declare, and JAX-RS would otherwise match a body of no declared type to any of them, so that a PUT
 * of a member with no media type at all was stored. A POST without a body (a rollover) needs no media type.
 */
@ApplicationScoped
public class ContentTypeFilter {

    static final String API = "/api/v1/*";
    private static final Set<HttpMethod> WITH_BODY = Set.of(HttpMethod.POST, HttpMethod.PUT, HttpMethod.PATCH);

    private final ObjectMapper json;

    public ContentTypeFilter(ObjectMapper json) {
        this.json = json;
    }

    void install(@Observes Router router) {
        router.route(API).order(RouteConstants.ROUTE_ORDER_BEFORE_DEFAULT).handler(this::check);
    }

    private void check(RoutingContext routing) {
        HttpServerRequest request = routing.request();
        if (!WITH_BODY.contains(request.method()) || !hasBody(request) || hasMediaType(request)) {
            routing.next();
            return;
        }
        Problem problem = Problem.of(
                        ProblemType.UNSUPPORTED_MEDIA_TYPE,
                        "The body has no Content-Type; send it as the endpoint declares")
                .ofCurrentRequest();
        try {
            routing.response()
                    .setStatusCode(ProblemType.UNSUPPORTED_MEDIA_TYPE.status())
                    .putHeader(HttpHeaders.CONTENT_TYPE, Problem.MEDIA_TYPE)
                    .end(json.writeValueAsString(problem));
        } catch (JsonProcessingException e) {
            routing.fail(e);
        }
    }

    private static boolean hasBody(HttpServerRequest request) {
        String length = request.getHeader(HttpHeaders.CONTENT_LENGTH);
        return request.getHeader(HttpHeaders.TRANSFER_ENCODING) != null
                || (length != null && !length.trim().equals("0"));
    }

    private static boolean hasMediaType(HttpServerRequest request) {
        String type = request.getHeader(HttpHeaders.CONTENT_TYPE);
        return type != null && !type.isBlank();
    }
}
