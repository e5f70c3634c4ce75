package org.ssi.requestid;

import jakarta.ws.rs.client.ClientRequestContext;
import jakarta.ws.rs.client.ClientRequestFilter;
import jakarta.ws.rs.ext.Provider;

/**
 * Passes the id of the request being served on to the services it calls through the REST client (a @Provider, so
 * every REST client of the service applies it); a call made outside any request (a feed poll) goes without one, and
 * the called service names it itself.
 */
@Provider
public class RequestIdPropagation implements ClientRequestFilter {

    @Override
    public void filter(ClientRequestContext call) {
        String id = RequestId.current();
        if (id != null && !call.getHeaders().containsKey(RequestId.HEADER)) {
            call.getHeaders().putSingle(RequestId.HEADER, id);
        }
    }
}
