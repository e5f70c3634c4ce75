package org.ssi.activity.team.repository;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.ssi.activity.team.service.Team;

/** Teams and their hierarchy. */
@ApplicationScoped
public class TeamRepository {

    /** Inserts or replaces the team; answers whether it was created. */
    public Uni<Boolean> upsert(SqlClient client, Team team) {
        String sql = "insert into activity.team (team_id, name, parent_team_id, managers) values ($1, $2, $3, $4)"
                + " on conflict (team_id) do update set name = excluded.name,"
                + " parent_team_id = excluded.parent_team_id, managers = excluded.managers, updated_at = now()"
                + " returning (xmax = 0) as created";
        Tuple values = Tuple.tuple(Arrays.asList(
                team.teamId(), team.name(), team.parentTeamId(), team.managers().toArray(String[]::new)));
        return client.preparedQuery(sql)
                .execute(values)
                .map(rows -> rows.iterator().next().getBoolean("created"));
    }

    /** Every team of the directory. */
    public Uni<List<Team>> all(SqlClient client) {
        return client.query("select team_id, name, parent_team_id, managers from activity.team order by team_id")
                .execute()
                .map(rows -> {
                    List<Team> teams = new ArrayList<>();
                    rows.forEach(row -> teams.add(new Team(
                            row.getString("team_id"),
                            row.getString("name"),
                            row.getString("parent_team_id"),
                            List.of(row.getArrayOfStrings("managers")))));
                    return teams;
                });
    }

    /** The team and its ancestors, nearest first; empty when the team does not exist. */
    public Uni<List<String>> ancestry(SqlClient client, String teamId) {
        String sql = "with recursive up(team_id, parent_team_id, depth) as ("
                + " select team_id, parent_team_id, 0 from activity.team where team_id = $1"
                + " union all select t.team_id, t.parent_team_id, up.depth + 1 from activity.team t"
                + " join up on t.team_id = up.parent_team_id where up.depth < 1000)"
                + " select team_id from up order by depth";
        return client.preparedQuery(sql).execute(Tuple.of(teamId)).map(rows -> {
            List<String> ids = new ArrayList<>();
            rows.forEach(row -> ids.add(row.getString("team_id")));
            return ids;
        });
    }

    public Uni<List<String>> existingMembers(SqlClient client, List<String> memberIds) {
        return client.preparedQuery("select member_id from activity.member where member_id = any($1::text[])")
                .execute(Tuple.of(memberIds.toArray(String[]::new)))
                .map(rows -> {
                    List<String> ids = new ArrayList<>();
                    rows.forEach(row -> ids.add(row.getString("member_id")));
                    return ids;
                });
    }
}
