package org.ssi.ranking.snapshot.repository;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.ssi.ranking.rank.service.GroupAggregate;
import org.ssi.ranking.rank.service.GroupAggregate.Band;
import org.ssi.ranking.rank.service.GroupAggregate.Pillars;
import org.ssi.ranking.snapshot.service.GroupDay;
import org.ssi.ranking.snapshot.service.RankDay;
import org.ssi.ranking.snapshot.service.RankDay.Standing;

/** The daily snapshots of members' ranks and groups' figures. */
@ApplicationScoped
public class SnapshotRepository {

    /** A member's ranks of the day, keyed by member. */
    public record MemberRankRow(String memberId, RankDay rank) {}

    private static final int CHUNK = 5_000;

    private final Pool pool;

    public SnapshotRepository(Pool pool) {
        this.pool = pool;
    }

    /**
     * Replaces the snapshot of the day with these rows and drops the snapshots before {@code keepFrom}, in one
     * transaction: readers see the old snapshot of the day or the new one, never a mix.
     */
    public Uni<Void> replace(
            LocalDate day,
            List<MemberRankRow> members,
            List<GroupDay> groups,
            boolean withNetwork,
            LocalDate keepFrom) {
        return pool.withTransaction(tx -> deleteDay(tx, day)
                .chain(() -> insertMembers(tx, members, 0))
                .chain(() -> insertGroups(tx, groups))
                .chain(() -> tx.preparedQuery("insert into ranking.rank_snapshot (day, taken_at, members, groups,"
                                + " with_network) values ($1, now(), $2, $3, $4) on conflict (day) do update set"
                                + " taken_at = now(), members = excluded.members, groups = excluded.groups,"
                                + " with_network = excluded.with_network")
                        .execute(Tuple.of(day, members.size(), groups.size(), withNetwork)))
                .chain(() -> prune(tx, keepFrom)));
    }

    private static Uni<Void> deleteDay(SqlClient tx, LocalDate day) {
        return tx.preparedQuery("delete from ranking.member_rank_day where day = $1")
                .execute(Tuple.of(day))
                .chain(() -> tx.preparedQuery("delete from ranking.group_aggregate_day where day = $1")
                        .execute(Tuple.of(day)))
                .replaceWithVoid();
    }

    private static Uni<Void> prune(SqlClient tx, LocalDate keepFrom) {
        return tx.preparedQuery("delete from ranking.member_rank_day where day < $1")
                .execute(Tuple.of(keepFrom))
                .chain(() -> tx.preparedQuery("delete from ranking.group_aggregate_day where day < $1")
                        .execute(Tuple.of(keepFrom)))
                .chain(() -> tx.preparedQuery("delete from ranking.rank_snapshot where day < $1")
                        .execute(Tuple.of(keepFrom)))
                .replaceWithVoid();
    }

    private static Uni<Void> insertMembers(SqlClient tx, List<MemberRankRow> rows, int from) {
        if (from >= rows.size()) {
            return Uni.createFrom().voidItem();
        }
        List<MemberRankRow> chunk = rows.subList(from, Math.min(rows.size(), from + CHUNK));
        int n = chunk.size();
        String[] ids = new String[n];
        String[] days = new String[n];
        String[] scores = new String[n];
        String[] industries = new String[n];
        Integer[] industrySizes = new Integer[n];
        Double[] industryPercentiles = new Double[n];
        Integer[] industryTops = new Integer[n];
        Integer[] networkSizes = new Integer[n];
        Double[] networkPercentiles = new Double[n];
        Integer[] networkTops = new Integer[n];
        for (int i = 0; i < n; i++) {
            MemberRankRow row = chunk.get(i);
            RankDay rank = row.rank();
            ids[i] = row.memberId();
            days[i] = rank.day().toString();
            scores[i] = rank.score().toPlainString();
            industries[i] = rank.industry().code();
            industrySizes[i] = (int) rank.industry().size();
            industryPercentiles[i] = rank.industry().percentileRank();
            industryTops[i] = rank.industry().topPercent();
            if (rank.network() != null) {
                networkSizes[i] = (int) rank.network().size();
                networkPercentiles[i] = rank.network().percentileRank();
                networkTops[i] = rank.network().topPercent();
            }
        }
        String sql = "insert into ranking.member_rank_day (member_id, day, score, industry, industry_size,"
                + " industry_percentile, industry_top, network_size, network_percentile, network_top)"
                + " select member_id, day::date, score::numeric, industry, industry_size, industry_percentile,"
                + " industry_top, network_size, network_percentile, network_top from unnest($1::text[], $2::text[],"
                + " $3::text[], $4::text[], $5::int[], $6::float8[], $7::int[], $8::int[], $9::float8[], $10::int[])"
                + " as r(member_id, day, score, industry, industry_size, industry_percentile, industry_top,"
                + " network_size, network_percentile, network_top)";
        Tuple values = Tuple.tuple(Arrays.asList(
                ids,
                days,
                scores,
                industries,
                industrySizes,
                industryPercentiles,
                industryTops,
                networkSizes,
                networkPercentiles,
                networkTops));
        return tx.preparedQuery(sql).execute(values).chain(() -> insertMembers(tx, rows, from + CHUNK));
    }

    private static Uni<Void> insertGroups(SqlClient tx, List<GroupDay> groups) {
        if (groups.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        String sql = "insert into ranking.group_aggregate_day (kind, code, day, size, withheld, average, median, brand,"
                + " find, engage, relationships, leaders, laggards, distribution)"
                + " values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14)";
        List<Tuple> batch = new ArrayList<>();
        for (GroupDay group : groups) {
            GroupAggregate f = group.figures();
            Pillars p = f.pillars();
            Integer[] distribution = f.distribution() == null
                    ? null
                    : f.distribution().stream().map(b -> (int) b.count()).toArray(Integer[]::new);
            batch.add(Tuple.tuple(Arrays.asList(
                    group.kind(),
                    group.code(),
                    group.day(),
                    (int) f.size(),
                    f.withheld(),
                    f.average(),
                    f.median(),
                    p == null ? null : p.brand(),
                    p == null ? null : p.find(),
                    p == null ? null : p.engage(),
                    p == null ? null : p.relationships(),
                    f.leaders() == null ? null : f.leaders().intValue(),
                    f.laggards() == null ? null : f.laggards().intValue(),
                    distribution)));
        }
        return tx.preparedQuery(sql).executeBatch(batch).replaceWithVoid();
    }

    /** The member's ranks of each snapshot day from {@code from} to {@code to}, in day order. */
    public Uni<List<RankDay>> memberHistory(String memberId, LocalDate from, LocalDate to) {
        return pool.preparedQuery("select day, score, industry, industry_size, industry_percentile, industry_top,"
                        + " network_size, network_percentile, network_top from ranking.member_rank_day"
                        + " where member_id = $1 and day between $2 and $3 order by day")
                .execute(Tuple.of(memberId, from, to))
                .map(rows -> {
                    List<RankDay> days = new ArrayList<>();
                    for (Row row : rows) {
                        days.add(rankDay(row));
                    }
                    return days;
                });
    }

    private static RankDay rankDay(Row row) {
        Standing industry = new Standing(
                row.getString("industry"),
                row.getDouble("industry_percentile"),
                row.getInteger("industry_top"),
                row.getInteger("industry_size"));
        Standing network = row.getValue("network_size") == null
                ? null
                : new Standing(
                        null,
                        row.getDouble("network_percentile"),
                        row.getInteger("network_top"),
                        row.getInteger("network_size"));
        return new RankDay(row.getLocalDate("day"), row.getBigDecimal("score").setScale(2), industry, network);
    }

    /** The group's figures of each snapshot day from {@code from} to {@code to}, in day order. */
    public Uni<List<GroupDay>> groupHistory(String kind, String code, LocalDate from, LocalDate to) {
        return pool.preparedQuery("select * from ranking.group_aggregate_day"
                        + " where kind = $1 and code = $2 and day between $3 and $4 order by day")
                .execute(Tuple.of(kind, code, from, to))
                .map(rows -> {
                    List<GroupDay> days = new ArrayList<>();
                    for (Row row : rows) {
                        days.add(new GroupDay(kind, code, row.getLocalDate("day"), figures(row)));
                    }
                    return days;
                });
    }

    private static GroupAggregate figures(Row row) {
        long size = row.getInteger("size");
        if (row.getString("withheld") != null) {
            return new GroupAggregate(size, row.getString("withheld"), null, null, null, null, null, null);
        }
        Integer[] counts = row.getArrayOfIntegers("distribution");
        List<Band> distribution = new ArrayList<>();
        for (int band = 0; band < counts.length; band++) {
            distribution.add(new Band(band * 10, band * 10 + 10, counts[band]));
        }
        return new GroupAggregate(
                size,
                null,
                points(row, "average"),
                points(row, "median"),
                new Pillars(
                        points(row, "brand"), points(row, "find"), points(row, "engage"), points(row, "relationships")),
                distribution,
                (long) row.getInteger("leaders"),
                (long) row.getInteger("laggards"));
    }

    private static BigDecimal points(Row row, String column) {
        return row.getBigDecimal(column).setScale(2);
    }
}
