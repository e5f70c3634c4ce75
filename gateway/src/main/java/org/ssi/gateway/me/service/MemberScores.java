package org.ssi.gateway.me.service;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.ssi.gateway.upstream.ServicesConfig;
import org.ssi.gateway.upstream.Upstream;

/** A member's figures from scoring-service and ranking-service, read with the caller's token. */
@ApplicationScoped
public class MemberScores {

    private final Upstream upstream;
    private final ServicesConfig services;

    public MemberScores(Upstream upstream, ServicesConfig services) {
        this.upstream = upstream;
        this.services = services;
    }

    /** Per pillar and sub-metric, the points and the actions that raise them most. */
    public Uni<JsonNode> explanation(String memberId, String raw) {
        return upstream.getJson(
                services.scoring(), "/internal/scores/" + Upstream.segment(memberId) + "/explanation", raw);
    }

    /** The member's score with their industry and network ranks, in the shape of /me/ssi. */
    public Uni<JsonNode> figures(String memberId, String raw) {
        String path = "/" + Upstream.segment(memberId);
        Uni<JsonNode> score = upstream.getJson(services.scoring(), "/internal/scores" + path, raw);
        Uni<JsonNode> ranks = upstream.getJson(services.ranking(), "/internal/ranks" + path, raw);
        return Uni.combine().all().unis(score, ranks).with(MemberScores::compose);
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
