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

    /** A member's stored score, with the feed position that set it. */
    public record MemberScore(String memberId, String industry, int cents, long seq) {}

    private final Pool pool;

    public MemberScoreRepository(Pool pool) {
        this.pool = pool;
    }

    /** Stores the changes; an older change never overwrites a newer one, so replays change nothing. */
    public Uni<Void> upsert(SqlClient client, List<ScoreChange> changes) {
        int size = changes.size();
        String[] members = new String[size];
        String[] industries = new String[size];
        String[] days = new String[size];
        String[] scores = new String[size];
        Long[] seqs = new Long[size];
        for (int i = 0; i < size; i++) {
            ScoreChange change = changes.get(i);
            members[i] = change.memberId();
            industries[i] = change.industry();
            days[i] = change.day().toString();
            scores[i] = change.score().toPlainString();
            seqs[i] = change.seq();
        }
        String sql = "insert into ranking.member_score (member_id, industry, day, score, seq)"
                + " select distinct on (member_id) member_id, industry, day::date, score::numeric, seq"
                + " from unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::bigint[])"
                + " as c(member_id, industry, day, score, seq) order by member_id, seq desc"
                + " on conflict (member_id) do update set industry = excluded.industry, day = excluded.day,"
                + " score = excluded.score, seq = excluded.seq where ranking.member_score.seq < excluded.seq";
        return client.preparedQuery(sql)
                .execute(Tuple.of(members, industries, days, scores, seqs))
                .replaceWithVoid();
    }

    /** Scores set after the feed position, in feed order. */
    public Uni<List<MemberScore>> changedAfter(long seq, int limit) {
        return pool.preparedQuery("select member_id, industry, (score * 100)::int as cents, seq"
                        + " from ranking.member_score where seq > $1 order by seq limit $2")
                .execute(Tuple.of(seq, limit))
                .map(rows -> {
                    List<MemberScore> scores = new ArrayList<>();
                    for (Row row : rows) {
                        scores.add(new MemberScore(
                                row.getString("member_id"),
                                row.getString("industry"),
                                row.getInteger("cents"),
                                row.getLong("seq")));
                    }
                    return scores;
                });
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
