package org.ssi.activity.industry.repository;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.ssi.activity.industry.service.Industry;

/** The industry catalogue. Industries are added and renamed, never removed. Every method runs in the caller's client. */
@ApplicationScoped
public class IndustryRepository {

    /** An industry as stored, and whether the statement created it. */
    public record Stored(Industry industry, boolean created) {}

    private static final String COLUMNS = "code, name, added_at, added_by";

    public Uni<List<Industry>> all(SqlClient client) {
        return client.query("select " + COLUMNS + " from activity.industry order by code")
                .execute()
                .map(rows -> {
                    List<Industry> industries = new ArrayList<>(rows.size());
                    rows.forEach(row -> industries.add(industry(row)));
                    return industries;
                });
    }

    /** Adds the industry or replaces its name; who added it and when stay as they were. */
    public Uni<Stored> upsert(SqlClient client, String code, String name, String addedBy) {
        String sql = """
                insert into activity.industry as i (code, name, added_by) values ($1, $2, $3)
                on conflict (code) do update set name = excluded.name
                returning %s, (xmax = 0) as created""".formatted(COLUMNS);
        return client.preparedQuery(sql)
                .execute(Tuple.tuple(Arrays.asList(code, name, addedBy)))
                .map(rows -> {
                    Row row = rows.iterator().next();
                    return new Stored(industry(row), row.getBoolean("created"));
                });
    }

    /**
     * Adds the codes not catalogued yet, in code order (so that concurrent writers wait for each other instead of
     * deadlocking; a writer that loses the race finds the code added and adds nothing); answers those this statement
     * added.
     */
    public Uni<Set<String>> addMissing(SqlClient client, Collection<String> codes, String addedBy) {
        String sql = """
                insert into activity.industry (code, added_by)
                select code, $2 from unnest($1::text[]) as code order by code
                on conflict (code) do nothing
                returning code""";
        return client.preparedQuery(sql)
                .execute(Tuple.of(codes.toArray(String[]::new), addedBy))
                .map(rows -> {
                    Set<String> added = new TreeSet<>();
                    rows.forEach(row -> added.add(row.getString("code")));
                    return added;
                });
    }

    /** The codes among these that are catalogued. */
    public Uni<Set<String>> catalogued(SqlClient client, Collection<String> codes) {
        return client.preparedQuery("select code from activity.industry where code = any($1::text[])")
                .execute(Tuple.of(codes.toArray(String[]::new)))
                .map(rows -> {
                    Set<String> known = new TreeSet<>();
                    rows.forEach(row -> known.add(row.getString("code")));
                    return known;
                });
    }

    private static Industry industry(Row row) {
        return new Industry(
                row.getString("code"),
                row.getString("name"),
                row.getOffsetDateTime("added_at"),
                row.getString("added_by"));
    }
}
