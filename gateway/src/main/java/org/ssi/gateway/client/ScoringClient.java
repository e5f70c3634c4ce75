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
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.util.List;
import org.eclipse.microprofile.rest.client.annotation.RegisterProvider;
import org.eclipse.microprofile.rest.client.inject.RegisterRestClient;
import org.jboss.resteasy.reactive.RestResponse;
import org.ssi.gateway.upstream.ServiceAnswers;

/**
 * scoring-service ({@code ssi.services.scoring}): members' scores, their history and explanation, and the
 * administration of the scoring passed on as it is (model versions, rescoring jobs, the rollover, outcomes). A query
 * parameter that is null is not sent.
 */
@RegisterRestClient(configKey = "scoring")
@RegisterProvider(ServiceAnswers.class)
@Produces(MediaType.APPLICATION_JSON)
public interface ScoringClient {

    @GET
    @Path("/internal/scores/{memberId}")
    Uni<Score> score(@PathParam("memberId") String memberId, @BeanParam ServiceCall call);

    @GET
    @Path("/internal/scores/{memberId}/history")
    Uni<List<ScoreDay>> history(
            @PathParam("memberId") String memberId,
            @QueryParam("from") String from,
            @QueryParam("to") String to,
            @BeanParam ServiceCall call);

    @GET
    @Path("/internal/scores/{memberId}/explanation")
    Uni<Explanation> explanation(@PathParam("memberId") String memberId, @BeanParam ServiceCall call);

    @POST
    @Path("/internal/admin/rollover")
    Uni<RestResponse<byte[]>> rollover(@QueryParam("day") String day, @BeanParam ServiceCall call);

    @GET
    @Path("/internal/admin/scoring-models")
    Uni<RestResponse<byte[]>> models(@BeanParam ServiceCall call);

    @POST
    @Path("/internal/admin/scoring-models")
    @Consumes(MediaType.APPLICATION_JSON)
    Uni<RestResponse<byte[]>> addModel(byte[] body, @BeanParam ServiceCall call);

    @GET
    @Path("/internal/admin/scoring-models/active")
    Uni<RestResponse<byte[]>> activeModel(@BeanParam ServiceCall call);

    @PUT
    @Path("/internal/admin/scoring-models/active")
    @Consumes(MediaType.APPLICATION_JSON)
    Uni<RestResponse<byte[]>> activateModel(byte[] body, @BeanParam ServiceCall call);

    @GET
    @Path("/internal/admin/scoring-models/{version}")
    Uni<RestResponse<byte[]>> model(@PathParam("version") String version, @BeanParam ServiceCall call);

    @GET
    @Path("/internal/admin/scoring-jobs/{id}")
    Uni<RestResponse<byte[]>> job(@PathParam("id") String id, @BeanParam ServiceCall call);

    @POST
    @Path("/internal/outcomes")
    @Consumes(MediaType.APPLICATION_JSON)
    Uni<RestResponse<byte[]>> ingestOutcomes(byte[] body, @BeanParam ServiceCall call);

    @GET
    @Path("/internal/insights/outcomes")
    Uni<RestResponse<byte[]>> outcomeInsights(
            @QueryParam("metric") String metric,
            @QueryParam("from") String from,
            @QueryParam("to") String to,
            @BeanParam ServiceCall call);
}
