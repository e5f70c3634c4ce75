package org.ssi.ranking.rank.service;

import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import java.util.List;
import org.eclipse.microprofile.rest.client.annotation.RegisterClientHeaders;
import org.eclipse.microprofile.rest.client.inject.RegisterRestClient;

/** activity-service's connection graph, called with the token and the caller the gateway sent (propagateHeaders). */
@RegisterRestClient(configKey = "activity")
@RegisterClientHeaders
@Path("/internal/members/{memberId}/connections")
public interface DirectoryClient {

    @GET
    Uni<List<String>> connections(@PathParam("memberId") String memberId);
}
