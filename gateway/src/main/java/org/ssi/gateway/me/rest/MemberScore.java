package org.ssi.gateway.me.rest;

import com.fasterxml.jackson.annotation.JsonInclude;
import org.ssi.gateway.client.Pillars;
import org.ssi.gateway.client.Rank;

/**
 * A member's figures ({@code GET /me/ssi}, {@code GET /members/{memberId}/ssi}): the live score and its pillars, and
 * the ranks in the industry and the network, from a release ({@code release}) or, for an admin, exact.
 *
 * @param change7d the score minus the score seven days before, or null without that history
 * @param release the release the ranks and group averages are taken from; absent for exact ranks
 */
public record MemberScore(
        String memberId,
        String day,
        Integer modelVersion,
        Double score,
        Pillars pillars,
        IndustryStanding industry,
        NetworkStanding network,
        Double change7d,
        @JsonInclude(JsonInclude.Include.NON_NULL) Release release) {

    /** The member's rank in their industry; {@code withheld} says why the figures are missing, when they are. */
    public record IndustryStanding(
            String code,
            Double percentileRank,
            Integer topPercent,
            Double average,
            @JsonInclude(JsonInclude.Include.NON_NULL) String withheld,
            Long size) {

        public static IndustryStanding of(Rank rank) {
            return new IndustryStanding(
                    rank.code(),
                    rank.percentileRank(),
                    rank.topPercent(),
                    rank.average(),
                    rank.withheld(),
                    rank.size());
        }
    }

    /** The member's rank among their connections; {@code withheld} says why the figures are missing, when they are. */
    public record NetworkStanding(
            Double percentileRank,
            Integer topPercent,
            Double average,
            @JsonInclude(JsonInclude.Include.NON_NULL) String withheld,
            Long size) {

        public static NetworkStanding of(Rank rank) {
            return new NetworkStanding(
                    rank.percentileRank(), rank.topPercent(), rank.average(), rank.withheld(), rank.size());
        }
    }

    /** The release whose ranks and group averages are shown; the score itself is live. */
    public record Release(long id, String day) {}
}
