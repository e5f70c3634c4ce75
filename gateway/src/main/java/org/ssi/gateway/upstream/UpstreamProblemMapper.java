package org.ssi.gateway.upstream;

import jakarta.ws.rs.core.Response;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/** Relays a service's problem answer to the caller unchanged. */
public class UpstreamProblemMapper {

    @ServerExceptionMapper
    public Response relay(Upstream.UpstreamProblem problem) {
        return problem.response();
    }
}
