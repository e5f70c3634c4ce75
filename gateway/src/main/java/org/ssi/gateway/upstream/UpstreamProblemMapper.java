package org.ssi.gateway.upstream;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;
import org.ssi.problem.Problem;
import org.ssi.problem.ProblemType;

/** Relays a service's problem answer to the caller unchanged; a service that is unavailable is a 503. */
public class UpstreamProblemMapper {

    private final ObjectMapper json;

    public UpstreamProblemMapper(ObjectMapper json) {
        this.json = json;
    }

    @ServerExceptionMapper
    public Response relay(UpstreamProblem problem) {
        return problem.response();
    }

    @ServerExceptionMapper
    public Response unavailable(ServiceUnavailable e) throws JsonProcessingException {
        Problem problem = Problem.of(ProblemType.UNAVAILABLE, e.getMessage())
                .with("service", e.service())
                .ofCurrentRequest();
        return Response.status(ProblemType.UNAVAILABLE.status())
                .type(Problem.MEDIA_TYPE)
                .header(HttpHeaders.RETRY_AFTER, Long.toString(e.retryAfterSeconds()))
                .entity(json.writeValueAsString(problem))
                .build();
    }
}
