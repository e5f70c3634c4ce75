package org.ssi.gateway.admin.rest;

import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.mutiny.Uni;
import io.vertx.core.http.HttpMethod;
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
import org.jboss.logging.Logger;
import org.ssi.gateway.release.service.Releases;
import org.ssi.gateway.upstream.ServicesConfig;
import org.ssi.gateway.upstream.Upstream;

/** Administration of the scoring (role admin). */
@Path("/api/v1/admin")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed("admin")
@SecurityRequirement(name = "oidc")
public class AdminResource {

    private static final Logger AUDIT = Logger.getLogger("ssi.audit");

    private final JsonWebToken token;
    private final Upstream upstream;
    private final ServicesConfig services;
    private final Releases releases;
    private final SecurityIdentity identity;

    public AdminResource(
            JsonWebToken token,
            Upstream upstream,
            ServicesConfig services,
            Releases releases,
            SecurityIdentity identity) {
        this.token = token;
        this.upstream = upstream;
        this.services = services;
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
        String query = day == null ? "" : "?day=" + Upstream.segment(day);
        return upstream.forward(
                HttpMethod.POST,
                services.scoring(),
                "/internal/admin/rollover" + query,
                token.getRawToken(),
                null,
                null);
    }
}
