package org.ssi.activity.industry.rest;

import io.quarkus.security.identity.SecurityIdentity;
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
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.ssi.activity.audit.service.Caller;
import org.ssi.activity.binding.Bound;
import org.ssi.activity.industry.service.Industry;
import org.ssi.activity.industry.service.IndustryCatalogue;

/** The industry catalogue (role admin): the industries members may name when written by the ingest client. */
@Path("/api/v1/admin/industries")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed("admin")
@SecurityRequirement(name = "jwt")
public class IndustryCatalogueResource {

    private final IndustryCatalogue catalogue;
    private final SecurityIdentity identity;

    public IndustryCatalogueResource(IndustryCatalogue catalogue, SecurityIdentity identity) {
        this.catalogue = catalogue;
        this.identity = identity;
    }

    @GET
    @Operation(
            operationId = "listIndustries",
            summary = "Every industry of the catalogue, by code: its name, when and by whom it was added")
    public Uni<List<Industry>> list() {
        return catalogue.list();
    }

    @PUT
    @Path("/{code}")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(
            operationId = "putIndustry",
            summary = "Adds an industry to the catalogue (201) or replaces its name (200): {\"name\": \"Software\"},"
                    + " the name optional; audited")
    public Uni<Response> put(
            @PathParam("code") String code,
            @RequestBody(content = @Content(schema = @Schema(implementation = IndustryRequest.class)))
                    Bound<IndustryRequest> body) {
        if (!IndustryCatalogue.CODE.matcher(code).matches()) {
            throw IndustryCatalogue.notFound(code);
        }
        return catalogue
                .put(code, Bound.orNothing(body, IndustryRequest.class), Caller.of(identity))
                .map(IndustryCatalogueResource::saved);
    }

    private static Response saved(IndustryCatalogue.Saved saved) {
        return Response.status(saved.created() ? Response.Status.CREATED : Response.Status.OK)
                .entity(saved.industry())
                .build();
    }
}
