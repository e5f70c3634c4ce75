package org.ssi.ranking.rank.repository;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.List;
import org.ssi.ranking.feed.client.ScoreFeedClient.ScoreChange;

/** Members' latest scores, as the score change feed reported them, and the feed cursor. */
@ApplicationScoped
public class MemberScoreRepository {

    /** A member's stored score and pillars in hundredths of a point, with the feed position that set it. */
    public record MemberScore(
            String memberId, String industry, String teamId, int cents, int[] pillarCents, long seq) {}

    private final Pool pool;

    public MemberScoreRepository(Pool pool) {
        this.pool = pool;
    }

    /**
     * Stores each member's current score: a change replaces the stored one only when it is for a later day, or for
     * the same day and later on the feed. So replays change nothing, and a score recorded for a past day (a rollover
     * of an earlier day, run again by an admin) goes to scoring-service's history without becoming the member's
     * current score here.
     */
    public Uni<Void> upsert(SqlClient client, List<ScoreChange> changes) {
        int size = changes.size();
        String[] members = new String[size];
        String[] industries = new String[size];
        String[] days = new String[size];
        String[] teams = new String[size];
        String[] scores = new String[size];
        String[][] pillars = new String[4][size];
        Long[] seqs = new Long[size];
        for (int i = 0; i < size; i++) {
            ScoreChange change = changes.get(i);
            members[i] = change.memberId();
            industries[i] = change.industry();
            days[i] = change.day().toString();
            teams[i] = change.teamId();
            scores[i] = change.score().toPlainString();
            pillars[0][i] = change.brand().toPlainString();
            pillars[1][i] = change.find().toPlainString();
            pillars[2][i] = change.engage().toPlainString();
            pillars[3][i] = change.relationships().toPlainString();
            seqs[i] = change.seq();
        }
        String sql = "insert into ranking.member_score (member_id, industry, team_id, day, score, brand, find, engage,"
                + " relationships, seq) select distinct on (member_id) member_id, industry, team_id, day::date,"
                + " score::numeric, brand::numeric, find::numeric, engage::numeric, relationships::numeric, seq"
                + " from unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[],"
                + " $8::text[], $9::text[], $10::bigint[]) as c(member_id, industry, team_id, day, score, brand, find,"
                + " engage, relationships, seq) order by member_id, day desc, seq desc"
                + " on conflict (member_id) do update set industry = excluded.industry, team_id = excluded.team_id,"
                + " day = excluded.day, score = excluded.score, brand = excluded.brand, find = excluded.find,"
                + " engage = excluded.engage, relationships = excluded.relationships, seq = excluded.seq"
                + " where (ranking.member_score.day, ranking.member_score.seq) < (excluded.day, excluded.seq)";
        Tuple values = Tuple.tuple(java.util.Arrays.asList(
                members, industries, teams, days, scores, pillars[0], pillars[1], pillars[2], pillars[3], seqs));
        return client.preparedQuery(sql).execute(values).replaceWithVoid();
    }

    private static final String MEMBER_SCORE_COLUMNS = "member_id, industry, team_id, (score * 100)::int as cents,"
            + " (brand * 100)::int as brand, (find * 100)::int as find, (engage * 100)::int as engage,"
            + " (relationships * 100)::int as relationships, seq";

    /** Scores set after the feed position, in feed order. */
    public Uni<List<MemberScore>> changedAfter(long seq, int limit) {
        return pool.preparedQuery("select " + MEMBER_SCORE_COLUMNS
                        + " from ranking.member_score where seq > $1 order by seq limit $2")
                .execute(Tuple.of(seq, limit))
                .map(MemberScoreRepository::memberScores);
    }

    /** The stored scores of the members (those who have one). */
    public Uni<List<MemberScore>> ofMembers(List<String> memberIds) {
        return pool.preparedQuery("select " + MEMBER_SCORE_COLUMNS + " from ranking.member_score"
                        + " where member_id = any($1) order by seq")
                .execute(Tuple.of(memberIds.toArray(String[]::new)))
                .map(MemberScoreRepository::memberScores);
    }

    private static List<MemberScore> memberScores(Iterable<Row> rows) {
        List<MemberScore> scores = new ArrayList<>();
        for (Row row : rows) {
            scores.add(new MemberScore(
                    row.getString("member_id"),
                    row.getString("industry"),
                    row.getString("team_id"),
                    row.getInteger("cents"),
                    new int[] {
                        row.getInteger("brand"),
                        row.getInteger("find"),
                        row.getInteger("engage"),
                        row.getInteger("relationships")
                    },
                    row.getLong("seq")));
        }
        return scores;
    }

    public Uni<Long> position(String feed) {
        return pool.preparedQuery("select position from ranking.feed_cursor where feed = $1")
                .execute(Tuple.of(feed))
                .map(rows -> rows.size() == 0 ? 0L : rows.iterator().next().getLong("position"));
    }

    public Uni<Void> moveTo(SqlClient client, String feed, long position) {
        return client.preparedQuery("insert into ranking.feed_cursor (feed, position) values ($1, $2)"
                        + " on conflict (feed) do update set position = greatest(ranking.feed_cursor.position,"
                        + " excluded.position)")
                .execute(Tuple.of(feed, position))
                .replaceWithVoid();
    }

    public Pool pool() {
        return pool;
    }
}
