package org.ssi.gateway.upstream;

import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MultivaluedMap;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.rest.client.ext.ResponseExceptionMapper;

/**
 * What a service's answer of 400 or more means to the gateway's REST clients: a 401 refuses the gateway's own token
 * ({@link ServiceRefused}), a 5xx is a failure its circuit breaker counts ({@link ServiceFailed}), and any other is the
 * service's problem, relayed to the caller as the service gave it: status, content type and body
 * ({@link UpstreamProblem}).
 */
public class ServiceAnswers implements ResponseExceptionMapper<RuntimeException> {

    @Override
    public RuntimeException toThrowable(Response response) {
        int status = response.getStatus();
        if (status == Response.Status.UNAUTHORIZED.getStatusCode()) {
            return new ServiceRefused();
        }
        if (status >= 500) {
            return new ServiceFailed(status);
        }
        Response.ResponseBuilder relayed = Response.status(status);
        String type = response.getHeaderString(HttpHeaders.CONTENT_TYPE);
        if (type != null) {
            relayed.type(type);
        }
        if (response.hasEntity()) {
            relayed.entity(response.readEntity(byte[].class));
        }
        return new UpstreamProblem(relayed.build());
    }

    @Override
    public boolean handles(int status, MultivaluedMap<String, Object> headers) {
        return status >= 400;
    }

    /** A service refused the gateway's token: a 503 for the caller, and a new token for the next call. */
    static final class ServiceRefused extends RuntimeException {
        ServiceRefused() {
            super("refused the gateway's token", null, false, false);
        }
    }

    /** A 5xx answer of a service: a failure for its breaker. */
    static final class ServiceFailed extends RuntimeException {
        ServiceFailed(int status) {
            super("answered " + status, null, false, false);
        }
    }
}
