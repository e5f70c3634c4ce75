package org.ssi.gateway.me.rest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.quarkus.security.Authenticated;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.jwt.JsonWebToken;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.ssi.gateway.caller.CallerDirectory;
import org.ssi.gateway.upstream.ServicesConfig;
import org.ssi.gateway.upstream.Upstream;

/** The logged-in member's own figures; the member comes from the token, never from a parameter. */
@Path("/api/v1/me/ssi")
@Produces(MediaType.APPLICATION_JSON)
@Authenticated
@SecurityRequirement(name = "oidc")
public class MeResource {

    private final JsonWebToken token;
    private final Upstream upstream;
    private final ServicesConfig services;
    private final CallerDirectory callers;

    public MeResource(JsonWebToken token, Upstream upstream, ServicesConfig services, CallerDirectory callers) {
        this.token = token;
        this.upstream = upstream;
        this.services = services;
        this.callers = callers;
    }

    @GET
    @Operation(
            operationId = "getMySsi",
            summary = "Your current score, its four pillars, your industry and network ranks and the 7-day change")
    public Uni<JsonNode> me() {
        String raw = token.getRawToken();
        return callers.memberId(token).chain(memberId -> figures(memberId, raw));
    }

    @GET
    @Path("/history")
    @Operation(operationId = "getMySsiHistory", summary = "Your daily scores from `from` to `to` (default: 90 days)")
    public Uni<JsonNode> history(@QueryParam("from") String from, @QueryParam("to") String to) {
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
        return callers.memberId(token)
                .chain(memberId -> upstream.getJson(
                        services.scoring(), "/internal/scores/" + Upstream.segment(memberId) + "/explanation", raw));
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

    private Uni<JsonNode> figures(String memberId, String raw) {
        String path = "/" + Upstream.segment(memberId);
        Uni<JsonNode> score = upstream.getJson(services.scoring(), "/internal/scores" + path, raw);
        Uni<JsonNode> ranks = upstream.getJson(services.ranking(), "/internal/ranks" + path, raw);
        return Uni.combine().all().unis(score, ranks).with(MeResource::compose);
    }

    static JsonNode compose(JsonNode score, JsonNode ranks) {
        ObjectNode answer = JsonNodeFactory.instance.objectNode();
        answer.set("memberId", score.get("memberId"));
        answer.set("day", score.get("day"));
        answer.set("modelVersion", score.get("modelVersion"));
        answer.set("score", score.get("score"));
        answer.set("pillars", score.get("pillars"));
        answer.set("industry", group(ranks.get("industry"), true));
        answer.set("network", group(ranks.get("network"), false));
        answer.set("change7d", score.get("change7d"));
        return answer;
    }

    private static ObjectNode group(JsonNode rank, boolean withCode) {
        ObjectNode group = JsonNodeFactory.instance.objectNode();
        if (withCode) {
            group.set("code", rank.get("code"));
        }
        group.set("percentileRank", rank.get("percentileRank"));
        group.set("topPercent", rank.get("topPercent"));
        group.set("average", rank.get("average"));
        if (rank.hasNonNull("withheld")) {
            group.set("withheld", rank.get("withheld"));
        }
        group.set("size", rank.get("size"));
        return group;
    }
}
