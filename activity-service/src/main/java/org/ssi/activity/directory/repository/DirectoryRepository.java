package org.ssi.activity.directory.repository;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowSet;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.ssi.activity.member.service.Member;

/**
 * Set-based reads and writes of the directory for the bulk import: one statement per chunk of lines, never one per
 * line. Every method runs in the caller's transaction.
 */
@ApplicationScoped
public class DirectoryRepository {

    /** A member the upsert created or changed; members stored exactly as they were are not reported. */
    public record MemberChange(String memberId, boolean created) {}

    private static final String UPSERT_MEMBERS = "insert into activity.member as m (member_id, login, display_name,"
            + " industry, seniority, team_id, has_photo, has_cover_photo, has_headline, has_summary, has_experience,"
            + " has_education, has_skills)"
            + " select * from unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[],"
            + " $7::bool[], $8::bool[], $9::bool[], $10::bool[], $11::bool[], $12::bool[], $13::bool[])"
            + " order by 1"
            + " on conflict (member_id) do update set login = excluded.login, display_name = excluded.display_name,"
            + " industry = excluded.industry, seniority = excluded.seniority, team_id = excluded.team_id,"
            + " has_photo = excluded.has_photo, has_cover_photo = excluded.has_cover_photo,"
            + " has_headline = excluded.has_headline, has_summary = excluded.has_summary,"
            + " has_experience = excluded.has_experience, has_education = excluded.has_education,"
            + " has_skills = excluded.has_skills, updated_at = now()"
            + " where (m.login, m.display_name, m.industry, m.seniority, m.team_id, m.has_photo, m.has_cover_photo,"
            + " m.has_headline, m.has_summary, m.has_experience, m.has_education, m.has_skills)"
            + " is distinct from (excluded.login, excluded.display_name, excluded.industry, excluded.seniority,"
            + " excluded.team_id, excluded.has_photo, excluded.has_cover_photo, excluded.has_headline,"
            + " excluded.has_summary, excluded.has_experience, excluded.has_education, excluded.has_skills)"
            + " returning member_id, (xmax = 0) as created";

    /**
     * Inserts or replaces the members (distinct ids) in one statement, in id order so that concurrent imports cannot
     * deadlock; answers those created or changed, which are the ones that belong on the change feed.
     */
    public Uni<List<MemberChange>> upsertMembers(SqlClient client, Collection<Member> members) {
        List<Member> sorted =
                members.stream().sorted(Comparator.comparing(Member::memberId)).toList();
        int size = sorted.size();
        String[] ids = new String[size];
        String[] logins = new String[size];
        String[] names = new String[size];
        String[] industries = new String[size];
        String[] seniorities = new String[size];
        String[] teams = new String[size];
        Boolean[][] profile = new Boolean[7][size];
        for (int i = 0; i < size; i++) {
            Member member = sorted.get(i);
            ids[i] = member.memberId();
            logins[i] = member.login();
            names[i] = member.displayName();
            industries[i] = member.industry();
            seniorities[i] = member.seniority();
            teams[i] = member.teamId();
            Member.Profile p = member.profile();
            profile[0][i] = p.photo();
            profile[1][i] = p.coverPhoto();
            profile[2][i] = p.headline();
            profile[3][i] = p.summary();
            profile[4][i] = p.experience();
            profile[5][i] = p.education();
            profile[6][i] = p.skills();
        }
        Tuple values = Tuple.tuple(List.of(
                ids,
                logins,
                names,
                industries,
                seniorities,
                teams,
                profile[0],
                profile[1],
                profile[2],
                profile[3],
                profile[4],
                profile[5],
                profile[6]));
        return client.preparedQuery(UPSERT_MEMBERS).execute(values).map(DirectoryRepository::changes);
    }

    private static List<MemberChange> changes(RowSet<Row> rows) {
        List<MemberChange> changes = new ArrayList<>(rows.size());
        for (Row row : rows) {
            changes.add(new MemberChange(row.getString("member_id"), row.getBoolean("created")));
        }
        return changes;
    }

    /** For each of the logins already taken, the member holding it. */
    public Uni<Map<String, String>> loginHolders(SqlClient client, Collection<String> logins) {
        return client.preparedQuery("select login, member_id from activity.member where login = any($1::text[])")
                .execute(Tuple.of(logins.toArray(String[]::new)))
                .map(rows -> {
                    Map<String, String> holders = new HashMap<>();
                    rows.forEach(row -> holders.put(row.getString("login"), row.getString("member_id")));
                    return holders;
                });
    }

    /** The teams among the ids that exist in the directory. */
    public Uni<Set<String>> existingTeams(SqlClient client, Collection<String> teamIds) {
        return client.preparedQuery("select team_id from activity.team where team_id = any($1::text[])")
                .execute(Tuple.of(teamIds.toArray(String[]::new)))
                .map(rows -> {
                    Set<String> ids = new HashSet<>();
                    rows.forEach(row -> ids.add(row.getString("team_id")));
                    return ids;
                });
    }
}
