package org.ssi.gateway.outcome.rest;

import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.jwt.JsonWebToken;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.rest.client.inject.RestClient;
import org.ssi.gateway.client.ScoringClient;
import org.ssi.gateway.upstream.Service;
import org.ssi.gateway.upstream.Upstream;

/**
 * CRM outcomes into scoring-service, which keeps them beside the score history they are compared with.
 *
 * <p>Contract: {@code api/openapi.yaml}, operation {@code ingestOutcomes}.
 */
@Path("/api/v1/outcomes")
@Produces(MediaType.APPLICATION_JSON)
@SecurityRequirement(name = "oidc")
public class OutcomeResource {

    private final JsonWebToken token;
    private final Upstream upstream;
    private final ScoringClient scoring;

    public OutcomeResource(JsonWebToken token, Upstream upstream, @RestClient ScoringClient scoring) {
        this.token = token;
        this.upstream = upstream;
        this.scoring = scoring;
    }

    @POST
    @RolesAllowed({"ingest", "admin"})
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(
            operationId = "ingestOutcomes",
            summary = "Stores a batch of 1 to 10,000 CRM outcomes (opportunities, meetings, deals_won, revenue per"
                    + " member and period) atomically; retries count as duplicates")
    public Uni<Response> outcomes(byte[] body) {
        return upstream.forward(Service.SCORING, token.getRawToken(), body, scoring::ingestOutcomes);
    }
}
