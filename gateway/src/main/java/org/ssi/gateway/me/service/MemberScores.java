package org.ssi.gateway.me.service;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.ssi.gateway.release.service.Releases;
import org.ssi.gateway.upstream.ServicesConfig;
import org.ssi.gateway.upstream.Upstream;

/** A member's figures from scoring-service and ranking-service, read with the caller's token. */
@ApplicationScoped
public class MemberScores {

    /** Why a member's ranks are missing before the first release that holds them. */
    static final String NOT_YET_RELEASED = "not-yet-released";

    private final Upstream upstream;
    private final ServicesConfig services;
    private final Releases releases;

    public MemberScores(Upstream upstream, ServicesConfig services, Releases releases) {
        this.upstream = upstream;
        this.services = services;
        this.releases = releases;
    }

    /** Per pillar and sub-metric, the points and the actions that raise them most. */
    public Uni<JsonNode> explanation(String memberId, String raw) {
        return upstream.getJson(
                services.scoring(), "/internal/scores/" + Upstream.segment(memberId) + "/explanation", raw);
    }

    /**
     * The member's live score with their ranks in the shape of /me/ssi: the ranks of the latest release, protected
     * (docs/privacy.md), or, for an admin, the exact ranks of the moment.
     */
    public Uni<JsonNode> figures(String memberId, String raw, boolean exact) {
        String path = "/" + Upstream.segment(memberId);
        Uni<JsonNode> score = upstream.getJson(services.scoring(), "/internal/scores" + path, raw);
        Uni<JsonNode> ranks = exact
                ? upstream.getJson(services.ranking(), "/internal/ranks" + path, raw)
                : releases.member(memberId, raw).map(MemberScores::orNotYetReleased);
        return Uni.combine().all().unis(score, ranks).with(MemberScores::compose);
    }

    /** A member no release holds yet (new since the last one) sees why their ranks are missing. */
    private static JsonNode orNotYetReleased(JsonNode ranks) {
        if (ranks != null) {
            return ranks;
        }
        ObjectNode withheld = JsonNodeFactory.instance.objectNode();
        withheld.putObject("industry").putNull("code").put("withheld", NOT_YET_RELEASED);
        withheld.putObject("network").put("withheld", NOT_YET_RELEASED);
        return withheld;
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
        if (ranks.hasNonNull("releaseId")) {
            // The ranks and group averages are those of a release (docs/privacy.md); the score is live.
            ObjectNode release = answer.putObject("release");
            release.set("id", ranks.get("releaseId"));
            release.set("day", ranks.get("day"));
        }
        return answer;
    }

    private static ObjectNode group(JsonNode rank, boolean withCode) {
        ObjectNode group = JsonNodeFactory.instance.objectNode();
        if (rank == null || rank.isNull()) {
            // A release that could not read the connection graph has no network ranks.
            rank = JsonNodeFactory.instance.objectNode().put("withheld", "no-network");
        }
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
