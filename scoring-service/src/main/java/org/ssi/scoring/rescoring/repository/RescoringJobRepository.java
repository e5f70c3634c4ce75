package org.ssi.scoring.rescoring.repository;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowSet;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;

/**
 * Rescoring jobs and the members they walk through. Members are those with a score: every directory member is
 * scored every day. They are taken in member id order with a loose index scan (one index probe per member).
 */
@ApplicationScoped
public class RescoringJobRepository {

    /** A job as an administrator sees it. */
    public record RescoringJob(
            long id,
            int version,
            String state,
            int done,
            int total,
            String requestedBy,
            OffsetDateTime startedAt,
            OffsetDateTime finishedAt,
            String error) {}

    /** Where a running job stands, read under its row lock. */
    public record Position(int version, String state, String afterMember) {}

    private static final String COLUMNS =
            "id, version, state, done, total, requested_by, started_at, finished_at, error";

    /** The member ids after $1, in order; the limit is applied by the caller. */
    private static final String MEMBERS_AFTER = "with recursive m(member_id) as ("
            + " (select member_id from scoring.daily_score where member_id > %1$s order by member_id limit 1)"
            + " union all"
            + " select (select d.member_id from scoring.daily_score d where d.member_id > m.member_id"
            + " order by d.member_id limit 1) from m where m.member_id is not null)"
            + " select member_id from m where member_id is not null";

    private final Pool pool;

    public RescoringJobRepository(Pool pool) {
        this.pool = pool;
    }

    public Uni<RescoringJob> find(long id) {
        return pool.preparedQuery("select " + COLUMNS + " from scoring.rescoring_job where id = $1")
                .execute(Tuple.of(id))
                .map(RescoringJobRepository::first);
    }

    /** The latest job, or null. */
    public Uni<RescoringJob> latest() {
        return pool.query("select " + COLUMNS + " from scoring.rescoring_job order by id desc limit 1")
                .execute()
                .map(RescoringJobRepository::first);
    }

    /** Running jobs whose processor has not moved them for the given time (it stopped, or its replica did). */
    public Uni<List<Long>> stale(Duration quiet) {
        return pool.preparedQuery("select id from scoring.rescoring_job where state = 'running'"
                        + " and heartbeat_at < now() - make_interval(secs => $1)")
                .execute(Tuple.of((double) quiet.toMillis() / 1000))
                .map(rows -> {
                    List<Long> ids = new ArrayList<>();
                    rows.forEach(row -> ids.add(row.getLong(0)));
                    return ids;
                });
    }

    /** The running job, or null; on the activation's connection. */
    public Uni<Long> running(SqlConnection connection) {
        return connection
                .query("select id from scoring.rescoring_job where state = 'running'")
                .execute()
                .map(rows -> rows.size() == 0 ? null : rows.iterator().next().getLong(0));
    }

    /** Starts a job on the activation's connection: its total is the number of members at this moment. */
    public Uni<Long> start(SqlConnection connection, int version, String requestedBy) {
        String sql = "insert into scoring.rescoring_job (version, state, total, requested_by)"
                + " select $1, 'running', count(*), $2 from (" + MEMBERS_AFTER.formatted("''") + ") members"
                + " returning id";
        return connection
                .preparedQuery(sql)
                .execute(Tuple.of(version, requestedBy))
                .map(rows -> rows.iterator().next().getLong(0));
    }

    public Uni<Void> fail(long id, String error) {
        return pool.preparedQuery("update scoring.rescoring_job set state = 'failed', error = $2,"
                        + " finished_at = now() where id = $1 and state = 'running'")
                .execute(Tuple.of(id, error))
                .replaceWithVoid();
    }

    // In the chunk's transaction, on its connection:

    /** Where the job stands, its row locked until the chunk commits, so one processor moves it at a time. */
    public Uni<Position> lock(SqlConnection connection, long id) {
        return connection
                .preparedQuery(
                        "select version, state, after_member from scoring.rescoring_job where id = $1 for update")
                .execute(Tuple.of(id))
                .map(RescoringJobRepository::position);
    }

    /** The next members after the cursor, at most {@code limit}. */
    public Uni<List<String>> membersAfter(SqlConnection connection, String afterMember, int limit) {
        return connection
                .preparedQuery(MEMBERS_AFTER.formatted("$1") + " limit $2")
                .execute(Tuple.of(afterMember, limit))
                .map(RescoringJobRepository::memberIds);
    }

    /** Moves the cursor past a chunk. */
    public Uni<Void> advance(SqlConnection connection, long id, String lastMember, int members) {
        return connection
                .preparedQuery("update scoring.rescoring_job set after_member = $2,"
                        + " done = done + $3, heartbeat_at = now() where id = $1")
                .execute(Tuple.of(id, lastMember, members))
                .replaceWithVoid();
    }

    public Uni<Void> finish(SqlConnection connection, long id) {
        return connection
                .preparedQuery("update scoring.rescoring_job set state = 'done',"
                        + " total = done, finished_at = now(), heartbeat_at = now() where id = $1")
                .execute(Tuple.of(id))
                .replaceWithVoid();
    }

    /** The job's row; it is there, as the job that asks for it was started. */
    private static Position position(RowSet<Row> rows) {
        Row row = rows.iterator().next();
        return new Position(row.getInteger("version"), row.getString("state"), row.getString("after_member"));
    }

    private static List<String> memberIds(RowSet<Row> rows) {
        List<String> members = new ArrayList<>(rows.size());
        rows.forEach(row -> members.add(row.getString(0)));
        return members;
    }

    private static RescoringJob first(RowSet<Row> rows) {
        if (rows.size() == 0) {
            return null;
        }
        Row row = rows.iterator().next();
        return new RescoringJob(
                row.getLong("id"),
                row.getInteger("version"),
                row.getString("state"),
                row.getInteger("done"),
                row.getInteger("total"),
                row.getString("requested_by"),
                row.getOffsetDateTime("started_at"),
                row.getOffsetDateTime("finished_at"),
                row.getString("error"));
    }
}
