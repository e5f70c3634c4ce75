package org.ssi.scoring.model.repository;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowSet;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;

/** The stored model versions and which one is active. */
@ApplicationScoped
public class ModelVersionRepository {

    /** A stored version, without its document. */
    public record ModelVersion(
            int version, String description, boolean active, OffsetDateTime addedAt, String addedBy) {}

    private static final String COLUMNS = "version, description, added_at, added_by,"
            + " version = (select version from scoring.active_model where id = 1) as active";

    private static final String DOCUMENT = "select document::text from scoring.scoring_model where version = $1";

    private static final String ACTIVE = "select version from scoring.active_model where id = 1";

    /**
     * Held until the transaction ends: an activation's update of the row waits until the transactions that read the
     * previous version have committed.
     */
    private static final String ACTIVE_FOR_SHARE = ACTIVE + " for share";

    private final Pool pool;

    public ModelVersionRepository(Pool pool) {
        this.pool = pool;
    }

    public Uni<List<ModelVersion>> list() {
        return pool.query("select " + COLUMNS + " from scoring.scoring_model order by version")
                .execute()
                .map(ModelVersionRepository::versions);
    }

    public Uni<ModelVersion> find(int version) {
        return pool.preparedQuery("select " + COLUMNS + " from scoring.scoring_model where version = $1")
                .execute(Tuple.of(version))
                .map(rows -> versions(rows).stream().findFirst().orElse(null));
    }

    /** The stored document of a version, as JSON text; null when there is none. */
    public Uni<String> document(int version) {
        return documentOn(pool, version);
    }

    /** As {@link #document(int)}, on the caller's connection (in its transaction). */
    public Uni<String> document(SqlConnection connection, int version) {
        return documentOn(connection, version);
    }

    private static Uni<String> documentOn(SqlClient client, int version) {
        return client.preparedQuery(DOCUMENT).execute(Tuple.of(version)).map(ModelVersionRepository::text);
    }

    /** The active version, read on the caller's connection. */
    public Uni<Integer> active(SqlConnection connection) {
        return connection.query(ACTIVE).execute().map(ModelVersionRepository::version);
    }

    /** The active version, read in the caller's transaction with a share lock on it until the transaction ends. */
    public Uni<Integer> activeForShare(SqlConnection connection) {
        return connection.query(ACTIVE_FOR_SHARE).execute().map(ModelVersionRepository::version);
    }

    private static String text(RowSet<Row> rows) {
        return rows.size() == 0 ? null : rows.iterator().next().getString(0);
    }

    private static int version(RowSet<Row> rows) {
        return rows.iterator().next().getInteger(0);
    }

    /** Stores a version unless the number is taken; answers whether it was stored. */
    public Uni<Boolean> add(int version, String document, String description, String addedBy) {
        return pool.preparedQuery("insert into scoring.scoring_model (version, document, description, added_by)"
                        + " values ($1, cast(cast($2 as text) as jsonb), $3, $4) on conflict (version) do nothing")
                .execute(Tuple.of(version, document, description, addedBy))
                .map(rows -> rows.rowCount() == 1);
    }

    private static List<ModelVersion> versions(RowSet<Row> rows) {
        List<ModelVersion> versions = new ArrayList<>();
        for (Row row : rows) {
            versions.add(new ModelVersion(
                    row.getInteger("version"),
                    row.getString("description"),
                    row.getBoolean("active"),
                    row.getOffsetDateTime("added_at"),
                    row.getString("added_by")));
        }
        return versions;
    }
}
