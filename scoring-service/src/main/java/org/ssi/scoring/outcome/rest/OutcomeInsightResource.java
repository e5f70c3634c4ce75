package org.ssi.scoring.outcome.rest;

import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.ssi.scoring.outcome.service.OutcomeInsight;
import org.ssi.scoring.outcome.service.OutcomeInsightService;

/** How outcomes relate to SSI across the organisation (behind {@code GET /api/v1/insights/outcomes}). */
@Path("/internal/insights")
@Produces(MediaType.APPLICATION_JSON)
public class OutcomeInsightResource {

    private final OutcomeInsightService insights;

    public OutcomeInsightResource(OutcomeInsightService insights) {
        this.insights = insights;
    }

    @GET
    @Path("/outcomes")
    @RolesAllowed("analyst")
    @Operation(
            operationId = "getOutcomeInsights",
            summary = "The association between members' average SSI and an outcome over a range of days",
            description = "Over the outcomes whose period lies within [from, to]: slope per 10 points with a 95%"
                    + " interval (HC3 robust), correlation, leaders (70+) against laggards (30 and below), the same"
                    + " per pillar. An association, never a cause. Withheld (403 group-too-small) under 10 members.")
    public Uni<OutcomeInsight> outcomes(
            @QueryParam("metric") String metric, @QueryParam("from") String from, @QueryParam("to") String to) {
        InsightQuery query = InsightQuery.parse(metric, from, to);
        return insights.insight(query.metric(), query.from(), query.to());
    }
}
