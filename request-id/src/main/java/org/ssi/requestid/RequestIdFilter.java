package org.ssi.requestid;

import io.quarkus.vertx.http.runtime.filters.Filters;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.jboss.logging.MDC;

/**
 * Names every request as it arrives (see {@link RequestId}): the id goes into the MDC of the request's Vert.x context,
 * so that every log line written for the request carries it, and into the answer's {@value RequestId#HEADER} header,
 * whatever answers it (a resource, an authentication failure, a 404 of the router).
 */
@ApplicationScoped
public class RequestIdFilter {

    /** Before everything that may answer: the security handlers run at priorities 300 and below. */
    static final int PRIORITY = 10_000;

    void install(@Observes Filters filters) {
        filters.register(RequestIdFilter::name, PRIORITY);
    }

    private static void name(RoutingContext request) {
        String id = RequestId.choose(request.request().getHeader(RequestId.HEADER));
        MDC.put(RequestId.MDC_KEY, id);
        request.response().putHeader(RequestId.HEADER, id);
        request.next();
    }
}
