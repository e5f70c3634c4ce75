package org.ssi.gateway.insight.rest;

import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
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
 * Organisation-wide insights for analysts: aggregates only, never an individual.
 *
 * <p>Contract: {@code api/openapi.yaml}, operation {@code getOutcomeInsights}.
 */
@Path("/api/v1/insights")
@Produces(MediaType.APPLICATION_JSON)
@SecurityRequirement(name = "oidc")
public class InsightResource {

    private final JsonWebToken token;
    private final Upstream upstream;
    private final ScoringClient scoring;

    public InsightResource(JsonWebToken token, Upstream upstream, @RestClient ScoringClient scoring) {
        this.token = token;
        this.upstream = upstream;
        this.scoring = scoring;
    }

    @GET
    @Path("/outcomes")
    @RolesAllowed("analyst")
    @Operation(
            operationId = "getOutcomeInsights",
            summary = "How an outcome relates to members' average SSI over [from, to]: slope per 10 points with a"
                    + " 95% interval, correlation, leaders (70+) against laggards (30 and below), per pillar",
            description = "An association, never a cause; the answer names the confounders to consider. Withheld"
                    + " (403 urn:ssi:problem:group-too-small) under 10 members; leaders or laggards under 10 are"
                    + " {\"n\": null, \"mean\": null, \"withheld\": \"group-too-small\"}. Every figure carries"
                    + " deterministic protective noise (the same data always answer the same), and each member's"
                    + " total counts up to outcomeBound. from and to default to the last 365 days.")
    public Uni<Response> outcomes(
            @QueryParam("metric") String metric, @QueryParam("from") String from, @QueryParam("to") String to) {
        return upstream.forward(
                Service.SCORING, token.getRawToken(), call -> scoring.outcomeInsights(metric, from, to, call));
    }
}
