package org.ssi.ranking.rank.service;

import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import org.eclipse.microprofile.rest.client.inject.RestClient;
import org.ssi.problem.ProblemException;
import org.ssi.problem.ProblemType;
import org.ssi.ranking.feed.client.ScoreFeedClient.ScoreChange;
import org.ssi.ranking.rank.repository.MemberScoreRepository;
import org.ssi.ranking.rank.repository.MemberScoreRepository.MemberScore;

/** Stores score changes and keeps this replica's in-memory index in step with the database. */
@ApplicationScoped
public class RankService {

    public static final String FEED = "scores";
    private static final int REFRESH_PAGE = 10_000;

    /** A member's industry and network ranks. */
    public record MemberRanks(String memberId, GroupRank industry, GroupRank network) {}

    private final MemberScoreRepository scores;
    private final RankIndex index;
    private final DirectoryClient directory;

    public RankService(MemberScoreRepository scores, RankIndex index, @RestClient DirectoryClient directory) {
        this.scores = scores;
        this.index = index;
        this.directory = directory;
    }

    /** Stores a page of the score feed with the new cursor in one transaction, then refreshes the index. */
    public Uni<Void> apply(List<ScoreChange> changes, long position) {
        return scores.pool()
                .withTransaction(tx -> scores.upsert(tx, changes).chain(() -> scores.moveTo(tx, FEED, position)))
                .chain(this::refresh)
                .replaceWithVoid();
    }

    public Uni<Long> position() {
        return scores.position(FEED);
    }

    /** Loads into the index every score stored after what it holds; answers how many were loaded. */
    public Uni<Integer> refresh() {
        return scores.changedAfter(index.appliedUpTo(), REFRESH_PAGE).chain(this::placePage);
    }

    /** Puts stored scores into this replica's index. */
    public void place(List<MemberScore> stored) {
        for (MemberScore score : stored) {
            index.put(
                    score.memberId(),
                    score.industry(),
                    score.teamId(),
                    score.cents(),
                    score.pillarCents(),
                    score.seq());
        }
    }

    private Uni<Integer> placePage(List<MemberScore> page) {
        place(page);
        if (page.size() < REFRESH_PAGE) {
            return Uni.createFrom().item(page.size());
        }
        return refresh().map(more -> page.size() + more);
    }

    public GroupRank industryRank(String memberId) {
        GroupRank rank = index.industryRank(memberId);
        if (rank == null) {
            throw new ProblemException(ProblemType.NOT_FOUND, "No score for member " + memberId);
        }
        return rank;
    }

    public GroupAggregate teamAggregate(List<String> teamIds) {
        return index.teamAggregate(teamIds);
    }

    public GroupAggregate industryAggregate(String industry) {
        return index.industryAggregate(industry);
    }

    public Uni<MemberRanks> ranks(String memberId) {
        GroupRank industry = industryRank(memberId);
        return directory
                .connections(memberId)
                .map(connections -> new MemberRanks(memberId, industry, index.networkRank(memberId, connections)));
    }
}
