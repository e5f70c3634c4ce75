package org.ssi.ranking.release.repository;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowSet;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.ssi.ranking.rank.service.GroupAggregate;
import org.ssi.ranking.release.service.GroupRelease;
import org.ssi.ranking.release.service.MemberRelease;
import org.ssi.ranking.release.service.PreviousRelease;
import org.ssi.ranking.release.service.ReleaseComputation.Release;
import org.ssi.ranking.release.service.ReleasedRank;

/** The releases: every group's figures and every member's protected ranks, one set per release. */
@ApplicationScoped
public class ReleaseRepository {

    private static final int CHUNK = 5_000;
    private static final String GROUP_COLUMNS = "g.release_id, r.day, g.kind, g.code, g.size, g.protected_count,"
            + " g.direct_count, g.exact::text as exact, g.released::text as released";
    private static final String MEMBER_COLUMNS = "m.release_id, r.day, m.member_id, m.score,"
            + " m.industry_rank::text as industry_rank, m.network_rank::text as network_rank";

    private final Pool pool;
    private final ObjectMapper json;

    public ReleaseRepository(Pool pool, ObjectMapper json) {
        this.pool = pool;
        this.json = json;
    }

    public Uni<Long> nextId() {
        return pool.query("select nextval('ranking.release_id') as id")
                .execute()
                .map(rows -> rows.iterator().next().getLong("id"));
    }

    /** Who was in which group in the latest release; {@link PreviousRelease#NONE} before the first release. */
    public Uni<PreviousRelease> previous() {
        return pool.query("select max(id) as id from ranking.release")
                .execute()
                .map(rows -> rows.iterator().next().getLong("id"))
                .chain(id -> id == null ? Uni.createFrom().item(PreviousRelease.NONE) : placements(id));
    }

    private Uni<PreviousRelease> placements(long releaseId) {
        return pool.preparedQuery(
                        "select member_id, industry, team_id, network from ranking.member_release where release_id = $1")
                .execute(Tuple.of(releaseId))
                .map(rows -> {
                    Map<String, PreviousRelease.Placement> members = new HashMap<>();
                    for (Row row : rows) {
                        String network = row.getString("network");
                        members.put(
                                row.getString("member_id"),
                                new PreviousRelease.Placement(
                                        row.getString("industry"),
                                        row.getString("team_id"),
                                        network == null
                                                ? null
                                                : network.isEmpty() ? Set.of() : Set.of(network.split(","))));
                    }
                    return new PreviousRelease(members);
                });
    }

    /**
     * Stores the release whole, in one transaction (readers see the previous release until it commits), keeps the
     * networks of this release only (the next one's newcomer rule needs them), and drops releases before
     * {@code keepFrom}. Publications are serialised by a transaction lock; with {@code firstOfDay} the release is
     * stored only when the day has none yet, so that the daily job of several replicas publishes once (each
     * publication is one more noisy draw an attacker could average). Answers whether it was stored.
     */
    public Uni<Boolean> store(
            long releaseId,
            LocalDate day,
            Release release,
            boolean withNetwork,
            LocalDate keepFrom,
            boolean firstOfDay) {
        return pool.withTransaction(tx -> tx.preparedQuery("select pg_advisory_xact_lock(hashtext('ranking.release'))")
                .execute()
                .chain(() -> tx.preparedQuery("select count(*) as n from ranking.release where day = $1")
                        .execute(Tuple.of(day)))
                .map(rows -> !firstOfDay || rows.iterator().next().getLong("n") == 0)
                .call(store -> store
                        ? insert(tx, releaseId, day, release, withNetwork, keepFrom)
                        : Uni.createFrom().voidItem()));
    }

    private Uni<Void> insert(
            SqlClient tx, long releaseId, LocalDate day, Release release, boolean withNetwork, LocalDate keepFrom) {
        return tx.preparedQuery("insert into ranking.release (id, day, taken_at, members, groups, with_network)"
                        + " values ($1, $2, now(), $3, $4, $5)")
                .execute(Tuple.of(
                        releaseId,
                        day,
                        release.members().size(),
                        release.groups().size(),
                        withNetwork))
                .chain(() -> insertGroups(tx, release.groups()))
                .chain(() -> insertMembers(tx, release, 0))
                .chain(() -> tx.preparedQuery("update ranking.member_release set network = null"
                                + " where release_id < $1 and network is not null")
                        .execute(Tuple.of(releaseId)))
                .chain(() -> tx.preparedQuery("delete from ranking.release where day < $1")
                        .execute(Tuple.of(keepFrom)))
                .replaceWithVoid();
    }

    private Uni<Void> insertGroups(SqlClient tx, List<GroupRelease> groups) {
        if (groups.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        List<Tuple> batch = new ArrayList<>();
        for (GroupRelease group : groups) {
            batch.add(Tuple.tuple(Arrays.asList(
                    group.releaseId(),
                    group.kind(),
                    group.code(),
                    (int) group.size(),
                    (int) group.protectedCount(),
                    group.directCount() == null ? null : group.directCount().intValue(),
                    write(group.exact()),
                    write(group.released()))));
        }
        return tx.preparedQuery(
                        "insert into ranking.group_release (release_id, kind, code, size, protected_count,"
                                + " direct_count, exact, released) values ($1, $2, $3, $4, $5, $6, $7::text::jsonb, $8::text::jsonb)")
                .executeBatch(batch)
                .replaceWithVoid();
    }

    private Uni<Void> insertMembers(SqlClient tx, Release release, int from) {
        List<MemberRelease> rows = release.members();
        if (from >= rows.size()) {
            return Uni.createFrom().voidItem();
        }
        List<MemberRelease> chunk = rows.subList(from, Math.min(rows.size(), from + CHUNK));
        int n = chunk.size();
        Long[] releaseIds = new Long[n];
        String[] ids = new String[n];
        String[] industries = new String[n];
        String[] teams = new String[n];
        String[] scores = new String[n];
        String[] industryRanks = new String[n];
        String[] networkRanks = new String[n];
        String[] networks = new String[n];
        for (int i = 0; i < n; i++) {
            MemberRelease row = chunk.get(i);
            PreviousRelease.Placement placement = release.placements().get(row.memberId());
            releaseIds[i] = row.releaseId();
            ids[i] = row.memberId();
            industries[i] = placement.industry();
            teams[i] = placement.teamId();
            scores[i] = row.score().toPlainString();
            industryRanks[i] = write(row.industry());
            networkRanks[i] = row.network() == null ? null : write(row.network());
            networks[i] = placement.network() == null ? null : String.join(",", placement.network());
        }
        String sql = "insert into ranking.member_release (release_id, member_id, industry, team_id, score,"
                + " industry_rank, network_rank, network) select release_id, member_id, industry, team_id,"
                + " score::numeric, industry_rank::jsonb, network_rank::jsonb, network from unnest($1::bigint[],"
                + " $2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[], $8::text[])"
                + " as m(release_id, member_id, industry, team_id, score, industry_rank, network_rank, network)";
        Tuple values = Tuple.tuple(
                Arrays.asList(releaseIds, ids, industries, teams, scores, industryRanks, networkRanks, networks));
        return tx.preparedQuery(sql).execute(values).chain(() -> insertMembers(tx, release, from + CHUNK));
    }

    /** The groups' figures in the latest release that holds them. */
    public Uni<List<GroupRelease>> latestGroups(String kind, List<String> codes) {
        return pool.preparedQuery("select distinct on (g.code) " + GROUP_COLUMNS + " from ranking.group_release g"
                        + " join ranking.release r on r.id = g.release_id where g.kind = $1 and g.code = any($2)"
                        + " order by g.code, g.release_id desc")
                .execute(Tuple.of(kind, codes.toArray(String[]::new)))
                .map(this::groups);
    }

    /** The groups' figures in the last release of each day from {@code from} to {@code to}, by code and day. */
    public Uni<List<GroupRelease>> groupHistory(String kind, List<String> codes, LocalDate from, LocalDate to) {
        return pool.preparedQuery("select distinct on (g.code, r.day) " + GROUP_COLUMNS
                        + " from ranking.group_release g join ranking.release r on r.id = g.release_id"
                        + " where g.kind = $1 and g.code = any($2) and r.day between $3 and $4"
                        + " order by g.code, r.day, g.release_id desc")
                .execute(Tuple.of(kind, codes.toArray(String[]::new), from, to))
                .map(this::groups);
    }

    /** The member's protected ranks in the latest release that holds the member, or null. */
    public Uni<MemberRelease> latestMember(String memberId) {
        return pool.preparedQuery("select " + MEMBER_COLUMNS + " from ranking.member_release m join ranking.release r"
                        + " on r.id = m.release_id where m.member_id = $1 order by m.release_id desc limit 1")
                .execute(Tuple.of(memberId))
                .map(rows -> {
                    List<MemberRelease> found = members(rows);
                    return found.isEmpty() ? null : found.get(0);
                });
    }

    /** The member's protected ranks in the last release of each day from {@code from} to {@code to}. */
    public Uni<List<MemberRelease>> memberHistory(String memberId, LocalDate from, LocalDate to) {
        return pool.preparedQuery("select distinct on (r.day) " + MEMBER_COLUMNS + " from ranking.member_release m"
                        + " join ranking.release r on r.id = m.release_id where m.member_id = $1"
                        + " and r.day between $2 and $3 order by r.day, m.release_id desc")
                .execute(Tuple.of(memberId, from, to))
                .map(this::members);
    }

    private List<GroupRelease> groups(RowSet<Row> rows) {
        List<GroupRelease> groups = new ArrayList<>();
        for (Row row : rows) {
            Integer direct = row.getInteger("direct_count");
            groups.add(new GroupRelease(
                    row.getLong("release_id"),
                    row.getLocalDate("day"),
                    row.getString("kind"),
                    row.getString("code"),
                    row.getInteger("size"),
                    row.getInteger("protected_count"),
                    direct == null ? null : direct.longValue(),
                    read(row.getString("exact"), GroupAggregate.class),
                    read(row.getString("released"), GroupAggregate.class)));
        }
        return groups;
    }

    private List<MemberRelease> members(RowSet<Row> rows) {
        List<MemberRelease> members = new ArrayList<>();
        for (Row row : rows) {
            String network = row.getString("network_rank");
            members.add(new MemberRelease(
                    row.getLong("release_id"),
                    row.getLocalDate("day"),
                    row.getString("member_id"),
                    row.getBigDecimal("score").setScale(2),
                    read(row.getString("industry_rank"), ReleasedRank.class),
                    network == null ? null : read(network, ReleasedRank.class)));
        }
        return members;
    }

    private String write(Object value) {
        try {
            return json.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("A release's figures are plain records", e);
        }
    }

    private <T> T read(String text, Class<T> type) {
        try {
            return json.readValue(text, type);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("A stored release could not be read", e);
        }
    }
}
