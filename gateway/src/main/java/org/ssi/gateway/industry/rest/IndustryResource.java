package org.ssi.gateway.industry.rest;

import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.regex.Pattern;
import org.eclipse.microprofile.jwt.JsonWebToken;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.rest.client.inject.RestClient;
import org.jboss.logging.Logger;
import org.ssi.gateway.caller.Roles;
import org.ssi.gateway.client.GroupFigures;
import org.ssi.gateway.client.GroupRelease;
import org.ssi.gateway.client.RankingClient;
import org.ssi.gateway.release.service.Releases;
import org.ssi.gateway.team.service.GroupPrivacy;
import org.ssi.gateway.upstream.Service;
import org.ssi.gateway.upstream.Upstream;
import org.ssi.problem.ProblemException;
import org.ssi.problem.ProblemType;

/**
 * An industry's figures, for any signed-in caller, under the same ten-member rule as teams.
 *
 * <p>Contract: {@code api/openapi.yaml}, operation {@code getIndustrySsi}.
 */
@Path("/api/v1/industries/{code}/ssi")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed(Roles.PERSON)
@SecurityRequirement(name = "oidc")
public class IndustryResource {

    private static final Pattern CODE = Pattern.compile("[a-z0-9-]{2,64}");

    private static final Logger AUDIT = Logger.getLogger("ssi.audit");

    private final JsonWebToken token;
    private final SecurityIdentity identity;
    private final Upstream upstream;
    private final RankingClient ranking;
    private final Releases releases;

    public IndustryResource(
            JsonWebToken token,
            SecurityIdentity identity,
            Upstream upstream,
            @RestClient RankingClient ranking,
            Releases releases) {
        this.token = token;
        this.identity = identity;
        this.upstream = upstream;
        this.ranking = ranking;
        this.releases = releases;
    }

    @GET
    @Operation(
            operationId = "getIndustrySsi",
            summary = "An industry's size, average, median, pillars and distribution",
            description = "From the latest release, with protective noise (docs/privacy.md); 403"
                    + " urn:ssi:problem:group-too-small while fewer than 10 members count toward it. Admins read the"
                    + " exact figures of the moment, audited.")
    public Uni<IndustryFigures> figures(@PathParam("code") String code) {
        if (!CODE.matcher(code).matches()) {
            throw new ProblemException(ProblemType.NOT_FOUND, "No industry " + code);
        }
        if (identity.hasRole(Roles.ADMIN)) {
            AUDIT.infof(
                    "admin %s read the figures of industry %s",
                    identity.getPrincipal().getName(), code);
            return upstream.call(Service.RANKING, token.getRawToken(), call -> ranking.industryAggregate(code, call))
                    .map(figures -> exact(code, figures));
        }
        return releases.latest(RankingClient.INDUSTRIES, List.of(code), token.getRawToken())
                .map(rows -> released(code, rows));
    }

    private static IndustryFigures exact(String code, GroupFigures figures) {
        if (figures.size() == 0) {
            throw new ProblemException(ProblemType.NOT_FOUND, "No scored member has the industry " + code);
        }
        GroupPrivacy.check(figures);
        return IndustryFigures.of(code, LocalDate.now(ZoneOffset.UTC).toString(), null, figures);
    }

    private static IndustryFigures released(String code, List<GroupRelease> rows) {
        if (rows.isEmpty()) {
            throw new ProblemException(ProblemType.NOT_FOUND, "No release holds the industry " + code);
        }
        GroupRelease release = rows.get(0);
        GroupPrivacy.check(release.released());
        return IndustryFigures.of(code, release.day(), release.releaseId(), release.released());
    }
}
