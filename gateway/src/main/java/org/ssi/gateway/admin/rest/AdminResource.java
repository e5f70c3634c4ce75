package org.ssi.gateway.admin.rest;

import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.jwt.JsonWebToken;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.rest.client.inject.RestClient;
import org.jboss.logging.Logger;
import org.ssi.gateway.client.ScoringClient;
import org.ssi.gateway.release.service.Releases;
import org.ssi.gateway.upstream.Service;
import org.ssi.gateway.upstream.Upstream;

/**
 * Administration of the scoring (role admin).
 *
 * <p>Contract: {@code api/openapi.yaml}, operations {@code publishRelease}, {@code runRollover}.
 */
@Path("/api/v1/admin")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed("admin")
@SecurityRequirement(name = "oidc")
public class AdminResource {

    private static final Logger AUDIT = Logger.getLogger("ssi.audit");

    private final JsonWebToken token;
    private final Upstream upstream;
    private final ScoringClient scoring;
    private final Releases releases;
    private final SecurityIdentity identity;

    public AdminResource(
            JsonWebToken token,
            Upstream upstream,
            @RestClient ScoringClient scoring,
            Releases releases,
            SecurityIdentity identity) {
        this.token = token;
        this.upstream = upstream;
        this.scoring = scoring;
        this.releases = releases;
        this.identity = identity;
    }

    @POST
    @Path("/releases")
    @Operation(
            operationId = "publishRelease",
            summary = "Publishes a release of every group's figures and ranks now (also done daily at 00:30 UTC)",
            description = "201 {releaseId, day, members, groups, withNetwork}. Non-admins see group figures and ranks"
                    + " only from releases, with protective noise; a membership change shows in the next release"
                    + " (docs/privacy.md). Audited.")
    public Uni<Response> publishRelease() {
        AUDIT.infof("admin %s published a release", identity.getPrincipal().getName());
        return releases.publish(token.getRawToken());
    }

    @POST
    @Path("/rollover")
    @Operation(
            operationId = "runRollover",
            summary = "Runs the daily rollover for a day (default today): rescores members whose window changed,"
                    + " carries everyone else's score forward; safe to rerun")
    public Uni<Response> rollover(@QueryParam("day") String day) {
        return upstream.forward(Service.SCORING, token.getRawToken(), call -> scoring.rollover(day, call));
    }
}
