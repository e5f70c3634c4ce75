package org.ssi.activity.retention.rest;

import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.ssi.activity.retention.service.RetentionService;
import org.ssi.activity.retention.service.RetentionService.RetentionResult;

/** Runs retention now, for an operator (it also runs daily on its own). */
@Path("/internal/retention")
@Produces(MediaType.APPLICATION_JSON)
public class RetentionResource {

    private final RetentionService retention;

    public RetentionResource(RetentionService retention) {
        this.retention = retention;
    }

    @POST
    @RolesAllowed("admin")
    @Operation(
            operationId = "runRetention",
            summary = "Archives raw events past the retention horizon and folds daily totals older than two years")
    public Uni<RetentionResult> run() {
        return retention.run();
    }
}
