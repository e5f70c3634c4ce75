package org.ssi.gateway.upstream;

import jakarta.ws.rs.core.Response;

/** A service's answer of 4xx (but 401), relayed to the caller as it is. */
public final class UpstreamProblem extends RuntimeException {

    private final transient Response response;

    UpstreamProblem(Response response) {
        super("upstream answered " + response.getStatus(), null, false, false);
        this.response = response;
    }

    public Response response() {
        return response;
    }

    /** Whether the service answered that what was asked for does not exist. */
    public boolean notFound() {
        return response.getStatus() == Response.Status.NOT_FOUND.getStatusCode();
    }
}
