package org.ssi.ranking.rank.rest;

import io.quarkus.security.Authenticated;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.regex.Pattern;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.ssi.problem.ProblemException;
import org.ssi.problem.ProblemType;
import org.ssi.ranking.rank.service.GroupRank;
import org.ssi.ranking.rank.service.RankService;
import org.ssi.ranking.rank.service.RankService.MemberRanks;

/** Ranks for the gateway, which has already decided the caller may see them. */
@Path("/internal/ranks/{memberId}")
@Produces(MediaType.APPLICATION_JSON)
@Authenticated
public class RankResource {

    private static final Pattern ID = Pattern.compile("[A-Za-z0-9._-]{1,64}");

    private final RankService ranks;

    public RankResource(RankService ranks) {
        this.ranks = ranks;
    }

    @GET
    @Operation(operationId = "getRanks", summary = "A member's industry and network ranks")
    public Uni<MemberRanks> ranks(@PathParam("memberId") String memberId) {
        requireId(memberId);
        return ranks.ranks(memberId);
    }

    @GET
    @Path("/industry")
    @Operation(operationId = "getIndustryRank", summary = "A member's rank in their industry")
    public GroupRank industry(@PathParam("memberId") String memberId) {
        requireId(memberId);
        return ranks.industryRank(memberId);
    }

    private static void requireId(String memberId) {
        if (!ID.matcher(memberId).matches()) {
            throw new ProblemException(ProblemType.NOT_FOUND, "No member " + memberId);
        }
    }
}
