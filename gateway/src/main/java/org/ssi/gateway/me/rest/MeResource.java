package org.ssi.gateway.me.rest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.jwt.JsonWebToken;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.ssi.gateway.caller.CallerDirectory;
import org.ssi.gateway.caller.Roles;
import org.ssi.gateway.me.service.MemberScores;
import org.ssi.gateway.upstream.ServicesConfig;
import org.ssi.gateway.upstream.Upstream;
import org.ssi.rules.DayRange;

/** The logged-in member's own figures; the member comes from the token, never from a parameter. */
@Path("/api/v1/me/ssi")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed(Roles.PERSON)
@SecurityRequirement(name = "oidc")
public class MeResource {

    private final JsonWebToken token;
    private final Upstream upstream;
    private final ServicesConfig services;
    private final CallerDirectory callers;
    private final MemberScores scores;

    public MeResource(
            JsonWebToken token,
            Upstream upstream,
            ServicesConfig services,
            CallerDirectory callers,
            MemberScores scores) {
        this.token = token;
        this.upstream = upstream;
        this.services = services;
        this.callers = callers;
        this.scores = scores;
    }

    @GET
    @Operation(
            operationId = "getMySsi",
            summary = "Your current score, its four pillars, your industry and network ranks and the 7-day change")
    public Uni<JsonNode> me() {
        String raw = token.getRawToken();
        return callers.memberId(token).chain(memberId -> scores.figures(memberId, raw, false));
    }

    @GET
    @Path("/history")
    @Operation(operationId = "getMySsiHistory", summary = "Your daily scores from `from` to `to` (default: 90 days)")
    public Uni<JsonNode> history(@QueryParam("from") String from, @QueryParam("to") String to) {
        DayRange.check(from, to);
        String raw = token.getRawToken();
        StringBuilder query = new StringBuilder();
        if (from != null) {
            query.append("&from=").append(Upstream.segment(from));
        }
        if (to != null) {
            query.append("&to=").append(Upstream.segment(to));
        }
        return callers.memberId(token)
                .chain(memberId -> upstream.getJson(
                        services.scoring(),
                        "/internal/scores/" + Upstream.segment(memberId) + "/history?" + query,
                        raw))
                .map(MeResource::historyRows);
    }

    @GET
    @Path("/explanation")
    @Operation(
            operationId = "getMySsiExplanation",
            summary =
                    "Per pillar and sub-metric: raw value, points earned and available; the actions that raise it most")
    public Uni<JsonNode> explanation() {
        String raw = token.getRawToken();
        return callers.memberId(token).chain(memberId -> scores.explanation(memberId, raw));
    }

    private static JsonNode historyRows(JsonNode days) {
        ArrayNode rows = JsonNodeFactory.instance.arrayNode();
        for (JsonNode day : days) {
            rows.addObject()
                    .setAll(java.util.Map.of(
                            "day", day.get("day"), "score", day.get("score"), "pillars", day.get("pillars")));
        }
        return rows;
    }
}
