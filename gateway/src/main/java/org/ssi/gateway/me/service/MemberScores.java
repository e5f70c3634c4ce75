package org.ssi.gateway.me.service;

import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.rest.client.inject.RestClient;
import org.ssi.gateway.client.Explanation;
import org.ssi.gateway.client.MemberRanks;
import org.ssi.gateway.client.Rank;
import org.ssi.gateway.client.RankingClient;
import org.ssi.gateway.client.Score;
import org.ssi.gateway.client.ScoringClient;
import org.ssi.gateway.me.rest.MemberScore;
import org.ssi.gateway.release.service.Releases;
import org.ssi.gateway.upstream.Service;
import org.ssi.gateway.upstream.Upstream;

/** A member's figures from scoring-service and ranking-service, read with the caller's token. */
@ApplicationScoped
public class MemberScores {

    /** Why a member's ranks are missing before the first release that holds them. */
    static final String NOT_YET_RELEASED = "not-yet-released";

    /** Why a member's network ranks are missing when the ranks could not read the connection graph. */
    static final String NO_NETWORK = "no-network";

    private final Upstream upstream;
    private final ScoringClient scoring;
    private final RankingClient ranking;
    private final Releases releases;

    public MemberScores(
            Upstream upstream,
            @RestClient ScoringClient scoring,
            @RestClient RankingClient ranking,
            Releases releases) {
        this.upstream = upstream;
        this.scoring = scoring;
        this.ranking = ranking;
        this.releases = releases;
    }

    /** Per pillar and sub-metric, the points and the actions that raise them most. */
    public Uni<Explanation> explanation(String memberId, String raw) {
        return upstream.call(Service.SCORING, raw, call -> scoring.explanation(memberId, call));
    }

    /**
     * The member's live score with their ranks in the shape of /me/ssi: the ranks of the latest release, protected
     * (docs/privacy.md), or, for an admin, the exact ranks of the moment.
     */
    public Uni<MemberScore> figures(String memberId, String raw, boolean exact) {
        Uni<Score> score = upstream.call(Service.SCORING, raw, call -> scoring.score(memberId, call));
        Uni<MemberRanks> ranks = exact
                ? upstream.call(Service.RANKING, raw, call -> ranking.ranks(memberId, call))
                : releases.member(memberId, raw).map(MemberScores::orNotYetReleased);
        return Uni.combine().all().unis(score, ranks).with(MemberScores::compose);
    }

    /** A member no release holds yet (new since the last one) sees why their ranks are missing. */
    private static MemberRanks orNotYetReleased(MemberRanks ranks) {
        if (ranks != null) {
            return ranks;
        }
        return new MemberRanks(null, null, null, withheld(NOT_YET_RELEASED), withheld(NOT_YET_RELEASED));
    }

    private static Rank withheld(String reason) {
        return new Rank(null, null, null, null, null, reason);
    }

    static MemberScore compose(Score score, MemberRanks ranks) {
        // A release that could not read the connection graph has no network ranks.
        Rank industry = ranks.industry() == null ? withheld(NO_NETWORK) : ranks.industry();
        Rank network = ranks.network() == null ? withheld(NO_NETWORK) : ranks.network();
        // The ranks and group averages are those of a release (docs/privacy.md); the score is live.
        MemberScore.Release release =
                ranks.releaseId() == null ? null : new MemberScore.Release(ranks.releaseId(), ranks.day());
        return new MemberScore(
                score.memberId(),
                score.day(),
                score.modelVersion(),
                score.score(),
                score.pillars(),
                MemberScore.IndustryStanding.of(industry),
                MemberScore.NetworkStanding.of(network),
                score.change7d(),
                release);
    }
}
