package org.ssi.gateway.client;

import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.BeanParam;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.List;
import org.eclipse.microprofile.rest.client.annotation.RegisterProvider;
import org.eclipse.microprofile.rest.client.inject.RegisterRestClient;
import org.jboss.resteasy.reactive.RestResponse;
import org.ssi.gateway.upstream.ServiceAnswers;

/**
 * activity-service ({@code ssi.services.activity}): the directory the gateway reads to decide who may see what, and
 * the writes it passes on. A body the gateway passes on goes as the caller sent it: activity-service validates it
 * strictly (duplicate keys, trailing content, faults by JSON pointer), and its answer comes back as it gave it.
 */
@RegisterRestClient(configKey = "activity")
@RegisterProvider(ServiceAnswers.class)
@Produces(MediaType.APPLICATION_JSON)
public interface ActivityClient {

    @GET
    @Path("/internal/teams")
    Uni<List<Team>> teams(@BeanParam ServiceCall call);

    @GET
    @Path("/internal/members/by-login/{login}")
    Uni<DirectoryMember> memberByLogin(@PathParam("login") String login, @BeanParam ServiceCall call);

    @POST
    @Path("/api/v1/activities")
    @Consumes(MediaType.APPLICATION_JSON)
    Uni<RestResponse<byte[]>> ingestActivities(byte[] body, @BeanParam ServiceCall call);

    @PUT
    @Path("/api/v1/members/{memberId}")
    @Consumes(MediaType.APPLICATION_JSON)
    Uni<RestResponse<byte[]>> putMember(
            @PathParam("memberId") String memberId, byte[] body, @BeanParam ServiceCall call);

    @GET
    @Path("/api/v1/members/{memberId}")
    Uni<RestResponse<byte[]>> member(@PathParam("memberId") String memberId, @BeanParam ServiceCall call);

    @PUT
    @Path("/api/v1/teams/{teamId}")
    @Consumes(MediaType.APPLICATION_JSON)
    Uni<RestResponse<byte[]>> putTeam(@PathParam("teamId") String teamId, byte[] body, @BeanParam ServiceCall call);

    @GET
    @Path("/api/v1/admin/industries")
    Uni<RestResponse<byte[]>> industries(@BeanParam ServiceCall call);

    @PUT
    @Path("/api/v1/admin/industries/{code}")
    @Consumes(MediaType.APPLICATION_JSON)
    Uni<RestResponse<byte[]>> putIndustry(@PathParam("code") String code, byte[] body, @BeanParam ServiceCall call);
}
