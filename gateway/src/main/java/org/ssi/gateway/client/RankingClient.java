package org.ssi.gateway.client;

import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.BeanParam;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.util.Collection;
import java.util.List;
import org.eclipse.microprofile.rest.client.annotation.RegisterProvider;
import org.eclipse.microprofile.rest.client.inject.RegisterRestClient;
import org.jboss.resteasy.reactive.RestResponse;
import org.ssi.gateway.upstream.ServiceAnswers;

/**
 * ranking-service ({@code ssi.services.ranking}): exact ranks and group figures (for admins), and the releases, from
 * which everyone else sees them. A group of teams or industries goes as repeated query parameters ({@code team=},
 * {@code code=}).
 */
@RegisterRestClient(configKey = "ranking")
@RegisterProvider(ServiceAnswers.class)
@Produces(MediaType.APPLICATION_JSON)
public interface RankingClient {

    /** The kinds of group a release holds, as ranking-service names them in its paths. */
    String TEAMS = "teams";

    String INDUSTRIES = "industries";

    @GET
    @Path("/internal/ranks/{memberId}")
    Uni<MemberRanks> ranks(@PathParam("memberId") String memberId, @BeanParam ServiceCall call);

    @GET
    @Path("/internal/team-aggregate")
    Uni<GroupFigures> teamAggregate(@QueryParam("team") Collection<String> teamIds, @BeanParam ServiceCall call);

    @GET
    @Path("/internal/industries/{code}/aggregate")
    Uni<GroupFigures> industryAggregate(@PathParam("code") String code, @BeanParam ServiceCall call);

    @GET
    @Path("/internal/releases/latest/{kind}")
    Uni<List<GroupRelease>> latestReleases(
            @PathParam("kind") String kind, @QueryParam("code") Collection<String> codes, @BeanParam ServiceCall call);

    @GET
    @Path("/internal/releases/history/{kind}")
    Uni<List<GroupRelease>> releaseHistory(
            @PathParam("kind") String kind,
            @QueryParam("code") Collection<String> codes,
            @QueryParam("from") String from,
            @QueryParam("to") String to,
            @BeanParam ServiceCall call);

    @GET
    @Path("/internal/releases/latest/members/{memberId}")
    Uni<MemberRanks> latestMemberRelease(@PathParam("memberId") String memberId, @BeanParam ServiceCall call);

    @GET
    @Path("/internal/rank-history/{memberId}")
    Uni<RankHistory> rankHistory(
            @PathParam("memberId") String memberId,
            @QueryParam("from") String from,
            @QueryParam("to") String to,
            @BeanParam ServiceCall call);

    @POST
    @Path("/internal/releases")
    Uni<RestResponse<byte[]>> publishRelease(@BeanParam ServiceCall call);
}
