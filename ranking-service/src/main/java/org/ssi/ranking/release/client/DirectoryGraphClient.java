package org.ssi.ranking.release.client;

import io.quarkus.oidc.client.filter.OidcClientFilter;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.QueryParam;
import java.util.List;
import org.eclipse.microprofile.rest.client.inject.RegisterRestClient;

/** activity-service's whole connection graph and team tree, read with this service's own token. */
@RegisterRestClient(configKey = "activity")
@OidcClientFilter
@Path("/internal")
public interface DirectoryGraphClient {

    /** A page of connected pairs ({@code a < b}), in order; ask again after the last pair until a page is short. */
    record ConnectionPage(List<List<String>> pairs) {}

    /** A team and its parent. */
    record TeamNode(String teamId, String parentTeamId) {}

    @GET
    @Path("/connections")
    Uni<ConnectionPage> connections(
            @QueryParam("afterA") String afterA, @QueryParam("afterB") String afterB, @QueryParam("limit") int limit);

    @GET
    @Path("/teams")
    Uni<List<TeamNode>> teams();
}
