package org.ssi.gateway.industry.rest;

import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.regex.Pattern;
import org.eclipse.microprofile.jwt.JsonWebToken;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.rest.client.inject.RestClient;
import org.ssi.gateway.client.ActivityClient;
import org.ssi.gateway.upstream.Service;
import org.ssi.gateway.upstream.Upstream;
import org.ssi.problem.ProblemException;
import org.ssi.problem.ProblemType;

/**
 * The industry catalogue (role admin), forwarded to activity-service, which owns it and audits every addition: the
 * industries the ingest client may name. An admin writing a member with a new industry adds it too.
 *
 * <p>Contract: {@code api/openapi.yaml}, operations {@code listIndustries}, {@code putIndustry}.
 */
@Path("/api/v1/admin/industries")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed("admin")
@SecurityRequirement(name = "oidc")
public class IndustryCatalogueResource {

    private static final Pattern CODE = Pattern.compile("[a-z0-9-]{2,64}");

    private final JsonWebToken token;
    private final Upstream upstream;
    private final ActivityClient activity;

    public IndustryCatalogueResource(JsonWebToken token, Upstream upstream, @RestClient ActivityClient activity) {
        this.token = token;
        this.upstream = upstream;
        this.activity = activity;
    }

    @GET
    @Operation(
            operationId = "listIndustries",
            summary = "The industry catalogue: each code, its name, when and by whom it was added")
    public Uni<Response> list() {
        return upstream.forward(Service.ACTIVITY, token.getRawToken(), activity::industries);
    }

    @PUT
    @Path("/{code}")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(
            operationId = "putIndustry",
            summary = "Adds an industry to the catalogue (201) or replaces its name (200): {\"name\": \"Software\"},"
                    + " the name optional; 404 for a code that is not [a-z0-9-]{2,64}, 422 for a bad body; audited")
    public Uni<Response> put(@PathParam("code") String code, byte[] body) {
        if (!CODE.matcher(code).matches()) {
            throw new ProblemException(ProblemType.NOT_FOUND, "No industry " + code);
        }
        return upstream.forward(
                Service.ACTIVITY, token.getRawToken(), body, (json, call) -> activity.putIndustry(code, json, call));
    }
}
