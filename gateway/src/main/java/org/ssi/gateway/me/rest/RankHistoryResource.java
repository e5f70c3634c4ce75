package org.ssi.gateway.me.rest;

import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.util.List;
import org.eclipse.microprofile.jwt.JsonWebToken;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.rest.client.inject.RestClient;
import org.ssi.gateway.caller.CallerDirectory;
import org.ssi.gateway.caller.Roles;
import org.ssi.gateway.client.MemberRelease;
import org.ssi.gateway.client.RankHistory;
import org.ssi.gateway.client.RankingClient;
import org.ssi.gateway.upstream.Service;
import org.ssi.gateway.upstream.Upstream;

/**
 * The caller's industry and network ranks over time, from ranking-service's daily snapshots (an extension of the
 * contract): "top X%" day by day. The member comes from the token.
 *
 * <p>Contract: {@code api/openapi.yaml}, operation {@code getMyRankHistory}.
 */
@Path("/api/v1/me/ssi/rank-history")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed(Roles.PERSON)
@SecurityRequirement(name = "oidc")
public class RankHistoryResource {

    private final JsonWebToken token;
    private final Upstream upstream;
    private final RankingClient ranking;
    private final CallerDirectory callers;

    public RankHistoryResource(
            JsonWebToken token, Upstream upstream, @RestClient RankingClient ranking, CallerDirectory callers) {
        this.token = token;
        this.upstream = upstream;
        this.ranking = ranking;
        this.callers = callers;
    }

    @GET
    @Operation(
            operationId = "getMyRankHistory",
            summary = "Your industry and network ranks on each day from `from` to `to` (default: 90 days)",
            description =
                    "[{\"day\", \"score\", \"industry\": {\"code\", \"percentileRank\", \"topPercent\", \"size\"},"
                            + " \"network\": {\"percentileRank\", \"topPercent\", \"size\"}}], one row per daily snapshot;"
                            + " network is null on a day whose snapshot could not read the connections.")
    public Uni<List<MemberRelease>> history(@QueryParam("from") String from, @QueryParam("to") String to) {
        String raw = token.getRawToken();
        return callers.memberId(token)
                .chain(memberId ->
                        upstream.call(Service.RANKING, raw, call -> ranking.rankHistory(memberId, from, to, call)))
                .map(RankHistory::days);
    }
}
