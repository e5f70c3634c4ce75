package org.ssi.activity.member.repository;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowSet;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.ssi.activity.member.service.Member;
import org.ssi.activity.member.service.MemberInputs;

/** Members of the directory and what the model reads about them. */
@ApplicationScoped
public class MemberRepository {

    public static final int WINDOW_DAYS = 90;
    private static final String COLUMNS = "member_id, login, display_name, industry, seniority, team_id, has_photo,"
            + " has_cover_photo, has_headline, has_summary, has_experience, has_education, has_skills";

    private final Pool pool;

    public MemberRepository(Pool pool) {
        this.pool = pool;
    }

    /** Inserts or replaces the member; answers whether it was created. */
    public Uni<Boolean> upsert(SqlClient client, Member member) {
        Member.Profile p = member.profile();
        String sql = "insert into activity.member (" + COLUMNS + ") values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10,"
                + " $11, $12, $13) on conflict (member_id) do update set login = excluded.login,"
                + " display_name = excluded.display_name, industry = excluded.industry,"
                + " seniority = excluded.seniority, team_id = excluded.team_id, has_photo = excluded.has_photo,"
                + " has_cover_photo = excluded.has_cover_photo, has_headline = excluded.has_headline,"
                + " has_summary = excluded.has_summary, has_experience = excluded.has_experience,"
                + " has_education = excluded.has_education, has_skills = excluded.has_skills, updated_at = now()"
                + " returning (xmax = 0) as created";
        Tuple values = Tuple.tuple(java.util.Arrays.asList(
                member.memberId(),
                member.login(),
                member.displayName(),
                member.industry(),
                member.seniority(),
                member.teamId(),
                p.photo(),
                p.coverPhoto(),
                p.headline(),
                p.summary(),
                p.experience(),
                p.education(),
                p.skills()));
        return client.preparedQuery(sql)
                .execute(values)
                .map(rows -> rows.iterator().next().getBoolean("created"));
    }

    public Uni<Member> findById(String memberId) {
        return one("select " + COLUMNS + " from activity.member where member_id = $1", memberId);
    }

    public Uni<Member> findByLogin(String login) {
        return one("select " + COLUMNS + " from activity.member where login = $1", login);
    }

    private Uni<Member> one(String sql, String key) {
        return pool.preparedQuery(sql).execute(Tuple.of(key)).map(MemberRepository::firstMember);
    }

    private static Member firstMember(RowSet<Row> rows) {
        var iterator = rows.iterator();
        return iterator.hasNext() ? member(iterator.next()) : null;
    }

    private static Member member(Row row) {
        return new Member(
                row.getString("member_id"),
                row.getString("login"),
                row.getString("display_name"),
                row.getString("industry"),
                row.getString("seniority"),
                row.getString("team_id"),
                new Member.Profile(
                        row.getBoolean("has_photo"),
                        row.getBoolean("has_cover_photo"),
                        row.getBoolean("has_headline"),
                        row.getBoolean("has_summary"),
                        row.getBoolean("has_experience"),
                        row.getBoolean("has_education"),
                        row.getBoolean("has_skills")));
    }

    /** The inputs of the model for the member on the day, or null when the member does not exist. */
    public Uni<MemberInputs> inputs(String memberId, LocalDate day) {
        return findById(memberId)
                .chain(member -> member == null ? Uni.createFrom().nullItem() : inputs(member, day));
    }

    private Uni<MemberInputs> inputs(Member member, LocalDate day) {
        Tuple key = Tuple.of(member.memberId(), day);
        // Totals to date add what retention carried out of the daily rows (days over two years old), in one
        // statement so that a retention chunk committing meanwhile is seen whole or not at all.
        Uni<RowSet<Row>> totals = pool.preparedQuery("select metric,"
                        + " coalesce(sum(total) filter (where day > $2::date - " + WINDOW_DAYS + "), 0) as in_window,"
                        + " sum(total) as to_date from (select metric, day, total from activity.daily_activity"
                        + " where member_id = $1 and day <= $2::date union all select metric, null, total"
                        + " from activity.carried_total where member_id = $1) as t group by metric")
                .execute(key);
        Uni<RowSet<Row>> activeDays = pool.preparedQuery(
                        "select count(distinct day) as days from activity.daily_activity"
                                + " where member_id = $1 and day <= $2::date and day > $2::date - " + WINDOW_DAYS)
                .execute(key);
        Uni<RowSet<Row>> connections = pool.preparedQuery("select coalesce(m.seniority, 'NONE') as seniority,"
                        + " count(*) as total from activity.connection c join activity.member m on m.member_id ="
                        + " case when c.member_a = $1 then c.member_b else c.member_a end"
                        + " where (c.member_a = $1 or c.member_b = $1) and c.connected group by 1")
                .execute(Tuple.of(member.memberId()));
        return Uni.combine()
                .all()
                .unis(totals, activeDays, connections)
                .with((t, a, c) -> toInputs(member, day, t, a, c));
    }

    private static MemberInputs toInputs(
            Member member, LocalDate day, RowSet<Row> totals, RowSet<Row> activeDays, RowSet<Row> connections) {
        Map<String, Long> inWindow = new HashMap<>();
        Map<String, Long> toDate = new HashMap<>();
        for (Row row : totals) {
            inWindow.put(row.getString("metric"), row.getLong("in_window"));
            toDate.put(row.getString("metric"), row.getLong("to_date"));
        }
        Map<String, Long> bySeniority = new HashMap<>();
        for (Row row : connections) {
            bySeniority.put(row.getString("seniority"), row.getLong("total"));
        }
        int days = activeDays.iterator().next().getLong("days").intValue();
        return new MemberInputs(
                member.memberId(),
                member.industry(),
                member.seniority(),
                member.teamId(),
                member.profile(),
                day,
                inWindow,
                toDate,
                days,
                bySeniority);
    }

    /**
     * The inputs of each known member on the day, in member id order (unknown members are absent): the same values
     * as {@link #inputs(String, LocalDate)} gives one by one, read with four statements whatever the number of members.
     */
    public Uni<List<MemberInputs>> inputs(List<String> memberIds, LocalDate day) {
        if (memberIds.isEmpty()) {
            return Uni.createFrom().item(List.of());
        }
        String[] ids = memberIds.stream().distinct().toArray(String[]::new);
        Tuple key = Tuple.of(ids, day);
        Uni<RowSet<Row>> directory = pool.preparedQuery(
                        "select " + COLUMNS + " from activity.member" + " where member_id = any($1) order by member_id")
                .execute(Tuple.of(ids));
        // As for one member: carried totals join the daily rows in the same statement.
        Uni<RowSet<Row>> totals = pool.preparedQuery("select member_id, metric,"
                        + " coalesce(sum(total) filter (where day > $2::date - " + WINDOW_DAYS + "), 0) as in_window,"
                        + " sum(total) as to_date from (select member_id, metric, day, total"
                        + " from activity.daily_activity where member_id = any($1) and day <= $2::date"
                        + " union all select member_id, metric, null, total from activity.carried_total"
                        + " where member_id = any($1)) as t group by member_id, metric")
                .execute(key);
        Uni<RowSet<Row>> activeDays = pool.preparedQuery("select member_id, count(distinct day) as days"
                        + " from activity.daily_activity where member_id = any($1) and day <= $2::date"
                        + " and day > $2::date - " + WINDOW_DAYS + " group by member_id")
                .execute(key);
        // Pairs are stored once (member_a < member_b): each side of a pair counts the other.
        Uni<RowSet<Row>> connections = pool.preparedQuery("select c.member_id,"
                        + " coalesce(m.seniority, 'NONE') as seniority, count(*) as total from ("
                        + "select member_a as member_id, member_b as other from activity.connection"
                        + " where member_a = any($1) and connected"
                        + " union all select member_b, member_a from activity.connection"
                        + " where member_b = any($1) and connected) as c"
                        + " join activity.member m on m.member_id = c.other group by 1, 2")
                .execute(Tuple.of(ids));
        return Uni.combine()
                .all()
                .unis(directory, totals, activeDays, connections)
                .with((d, t, a, c) -> toInputs(day, d, t, a, c));
    }

    private static List<MemberInputs> toInputs(
            LocalDate day, RowSet<Row> directory, RowSet<Row> totals, RowSet<Row> activeDays, RowSet<Row> connections) {
        Map<String, Map<String, Long>> inWindow = new HashMap<>();
        Map<String, Map<String, Long>> toDate = new HashMap<>();
        for (Row row : totals) {
            String member = row.getString("member_id");
            inWindow.computeIfAbsent(member, m -> new HashMap<>())
                    .put(row.getString("metric"), row.getLong("in_window"));
            toDate.computeIfAbsent(member, m -> new HashMap<>()).put(row.getString("metric"), row.getLong("to_date"));
        }
        Map<String, Integer> days = new HashMap<>();
        for (Row row : activeDays) {
            days.put(row.getString("member_id"), row.getLong("days").intValue());
        }
        Map<String, Map<String, Long>> bySeniority = new HashMap<>();
        for (Row row : connections) {
            bySeniority
                    .computeIfAbsent(row.getString("member_id"), m -> new HashMap<>())
                    .put(row.getString("seniority"), row.getLong("total"));
        }
        List<MemberInputs> inputs = new ArrayList<>(directory.size());
        for (Row row : directory) {
            Member member = member(row);
            String id = member.memberId();
            inputs.add(new MemberInputs(
                    id,
                    member.industry(),
                    member.seniority(),
                    member.teamId(),
                    member.profile(),
                    day,
                    inWindow.getOrDefault(id, new HashMap<>()),
                    toDate.getOrDefault(id, new HashMap<>()),
                    days.getOrDefault(id, 0),
                    bySeniority.getOrDefault(id, new HashMap<>())));
        }
        return inputs;
    }

    /**
     * The members whose window changed between the day before and the day: activity on the day entered it, activity
     * of the day {@value #WINDOW_DAYS} days before left it.
     */
    public Uni<List<String>> windowChanges(LocalDate day) {
        return pool.preparedQuery("select distinct member_id from activity.daily_activity"
                        + " where day = $1::date or day = $1::date - " + WINDOW_DAYS + " order by member_id")
                .execute(Tuple.of(day))
                .map(rows -> {
                    List<String> members = new ArrayList<>();
                    rows.forEach(row -> members.add(row.getString("member_id")));
                    return members;
                });
    }

    /** The members currently connected to the member. */
    public Uni<List<String>> connections(String memberId) {
        return pool.preparedQuery("select case when member_a = $1 then member_b else member_a end as other"
                        + " from activity.connection where (member_a = $1 or member_b = $1) and connected")
                .execute(Tuple.of(memberId))
                .map(rows -> {
                    List<String> others = new ArrayList<>();
                    rows.forEach(row -> others.add(row.getString("other")));
                    return others;
                });
    }

    /** Connected pairs ({@code a < b}) after the pair given, in order: the whole graph read page by page. */
    public Uni<List<List<String>>> connectedPairs(String afterA, String afterB, int limit) {
        return pool.preparedQuery("select member_a, member_b from activity.connection"
                        + " where connected and (member_a, member_b) > ($1, $2) order by member_a, member_b limit $3")
                .execute(Tuple.of(afterA, afterB, limit))
                .map(rows -> {
                    List<List<String>> pairs = new ArrayList<>(rows.size());
                    rows.forEach(row -> pairs.add(List.of(row.getString("member_a"), row.getString("member_b"))));
                    return pairs;
                });
    }

    public Uni<Boolean> teamExists(SqlClient client, String teamId) {
        return client.preparedQuery("select 1 from activity.team where team_id = $1")
                .execute(Tuple.of(teamId))
                .map(rows -> rows.size() > 0);
    }
}
