package org.ssi.gateway.client;

import jakarta.ws.rs.HeaderParam;
import org.ssi.gateway.upstream.CallerHeaders;
import org.ssi.requestid.RequestId;

/**
 * The headers of one call to a service: the gateway's own token (the services accept only the role {@code service}),
 * the caller the gateway has verified ({@link CallerHeaders}) and the request the call is made for
 * ({@code X-Request-Id}). Built by {@code Upstream} on the request's context, before the call may leave it; a header
 * that is null is not sent.
 */
public final class ServiceCall {

    private final String authorization;
    private final String caller;
    private final String callerRoles;
    private final String requestId;

    public ServiceCall(String gatewayToken, String caller, String callerRoles, String requestId) {
        this.authorization = "Bearer " + gatewayToken;
        this.caller = caller;
        this.callerRoles = callerRoles;
        this.requestId = requestId;
    }

    @HeaderParam("Authorization")
    public String getAuthorization() {
        return authorization;
    }

    @HeaderParam(CallerHeaders.CALLER)
    public String getCaller() {
        return caller;
    }

    @HeaderParam(CallerHeaders.ROLES)
    public String getCallerRoles() {
        return callerRoles;
    }

    @HeaderParam(RequestId.HEADER)
    public String getRequestId() {
        return requestId;
    }
}
