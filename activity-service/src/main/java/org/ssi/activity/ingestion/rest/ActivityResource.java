package org.ssi.activity.ingestion.rest;

import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.ssi.activity.binding.Bound;
import org.ssi.activity.ingestion.service.IngestionService;
import org.ssi.activity.ingestion.service.IngestionService.IngestionResult;

/** Ingestion of activity events, atomic and idempotent by event id. */
@Path("/api/v1/activities")
@SecurityRequirement(name = "jwt")
public class ActivityResource {

    private final IngestionService ingestion;

    public ActivityResource(IngestionService ingestion) {
        this.ingestion = ingestion;
    }

    @POST
    @RolesAllowed({"ingest", "admin"})
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(
            operationId = "ingestActivities",
            summary = "Stores a batch of 1 to 10,000 events: all of them or none",
            description = "Events already stored with the same content count as duplicates and change nothing.")
    public Uni<IngestionResult> ingest(
            @RequestBody(content = @Content(schema = @Schema(implementation = ActivityBatchRequest.class)))
                    Bound<ActivityBatchRequest> body) {
        return ingestion.ingest(Bound.orNothing(body, ActivityBatchRequest.class));
    }
}
