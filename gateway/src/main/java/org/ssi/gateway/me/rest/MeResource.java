package org.ssi.gateway.me.rest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.quarkus.security.Authenticated;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.jwt.JsonWebToken;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.ssi.gateway.upstream.ServicesConfig;
import org.ssi.gateway.upstream.Upstream;
import org.ssi.problem.ProblemException;
import org.ssi.problem.ProblemType;

/** The logged-in member's own figures; the member comes from the token, never from a parameter. */
@Path("/api/v1/me/ssi")
@Produces(MediaType.APPLICATION_JSON)
@Authenticated
@SecurityRequirement(name = "oidc")
public class MeResource {

    private final JsonWebToken token;
    private final Upstream upstream;
    private final ServicesConfig services;

    public MeResource(JsonWebToken token, Upstream upstream, ServicesConfig services) {
        this.token = token;
        this.upstream = upstream;
        this.services = services;
    }

    @GET
    @Operation(
            operationId = "getMySsi",
            summary = "Your current score, its four pillars, your industry and network ranks and the 7-day change")
    public Uni<JsonNode> me() {
        String raw = token.getRawToken();
        return member(raw).chain(memberId -> figures(memberId, raw));
    }

    private Uni<String> member(String raw) {
        String login = token.getClaim("preferred_username");
        if (login == null) {
            throw new ProblemException(ProblemType.NOT_FOUND, "The token names no user");
        }
        return upstream.getJson(services.activity(), "/internal/members/by-login/" + Upstream.segment(login), raw)
                .onFailure(Upstream.UpstreamProblem.class)
                .transform(e -> new ProblemException(ProblemType.NOT_FOUND, "You are not a member of the directory"))
                .map(member -> member.get("memberId").asText());
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
