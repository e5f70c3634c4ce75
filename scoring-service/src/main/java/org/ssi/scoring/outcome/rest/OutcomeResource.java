package org.ssi.scoring.outcome.rest;

import io.quarkus.resteasy.reactive.jackson.CustomDeserialization;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.ssi.problem.ExactNumbers;
import org.ssi.scoring.outcome.service.OutcomeIngestionService;
import org.ssi.scoring.outcome.service.OutcomeIngestionService.IngestionResult;

/** CRM outcomes per member and period, atomic and idempotent by outcome id (behind {@code POST /api/v1/outcomes}). */
@Path("/internal/outcomes")
public class OutcomeResource {

    private final OutcomeIngestionService ingestion;

    public OutcomeResource(OutcomeIngestionService ingestion) {
        this.ingestion = ingestion;
    }

    @POST
    @RolesAllowed({"ingest", "admin"})
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(
            operationId = "ingestOutcomes",
            summary = "Stores a batch of 1 to 10,000 outcomes: all of them or none",
            description = "Outcomes already stored with the same content count as duplicates and change nothing;"
                    + " an outcome id reused with other content is a 409 for the whole batch. A member must have a"
                    + " score history here (422 otherwise).")
    @CustomDeserialization(ExactNumbers.class)
    public Uni<IngestionResult> ingest(OutcomeBatch body) {
        if (body == null) {
            throw OutcomeBatch.notABatch();
        }
        return ingestion.ingest(
                body.outcomes().stream().map(OutcomeRequest::toOutcome).toList());
    }
}
