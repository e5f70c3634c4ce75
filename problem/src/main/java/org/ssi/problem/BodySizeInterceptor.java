package org.ssi.problem;

import io.vertx.ext.web.RoutingContext;
import jakarta.ws.rs.ConstrainedTo;
import jakarta.ws.rs.RuntimeType;
import jakarta.ws.rs.ext.Provider;
import jakarta.ws.rs.ext.ReaderInterceptor;
import jakarta.ws.rs.ext.ReaderInterceptorContext;
import java.io.IOException;

/**
 * Counts a body sent without a length (chunked) as it is read, and fails with the 413 problem of
 * {@link BodySizeLimit} once it passes the limit that route put on the request. A body with a declared length was
 * checked before it was read, so it is not wrapped. Server side only: the answers a service's REST client reads
 * have no incoming request to take a limit from.
 */
@Provider
@ConstrainedTo(RuntimeType.SERVER)
public class BodySizeInterceptor implements ReaderInterceptor {

    private final RoutingContext routing;
    private final BodySizeLimit limits;

    public BodySizeInterceptor(RoutingContext routing, BodySizeLimit limits) {
        this.routing = routing;
        this.limits = limits;
    }

    @Override
    public Object aroundReadFrom(ReaderInterceptorContext context) throws IOException {
        Long limit = routing.get(BodySizeLimit.LIMIT_KEY);
        if (limit != null) {
            context.setInputStream(new BoundedBody(context.getInputStream(), limit, () -> limits.tooLarge(limit)));
        }
        return context.proceed();
    }
}
