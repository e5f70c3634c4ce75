package org.ssi.activity.ingestion.repository;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowSet;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.ssi.activity.ingestion.service.ActivityEvent;

/** Raw events and their daily totals; every method runs inside the caller's transaction. */
@ApplicationScoped
public class EventRepository {

    private static final String BATCH = "unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::int[], $6::text[])"
            + " as b(event_id, member_id, type, occurred_at, count, attributes)";

    /**
     * Stores the events not stored yet, neither in the event table nor among the ids retention archived; answers the
     * ids that were new. The caller holds the retention lock shared.
     */
    public Uni<Set<String>> insertNew(SqlConnection connection, List<ActivityEvent> events) {
        String sql = "insert into activity.event (event_id, member_id, type, occurred_at, count, attributes)"
                + " select event_id, member_id, type, occurred_at::timestamptz, count, attributes::jsonb from "
                + BATCH
                + " where not exists (select 1 from activity.event_digest d where d.event_id = b.event_id)"
                // In id order: concurrent batches sharing ids then wait for each other instead of deadlocking.
                + " order by b.event_id"
                + " on conflict (event_id) do nothing returning event_id";
        return connection.preparedQuery(sql).execute(batch(events)).map(EventRepository::firstColumn);
    }

    /** The ids of events already stored with another content than the one given. */
    public Uni<Set<String>> conflicting(SqlConnection connection, List<ActivityEvent> events) {
        String sql = "select e.event_id from activity.event e join " + BATCH + " using (event_id)"
                + " where (e.member_id, e.type, e.occurred_at, e.count, e.attributes)"
                + " is distinct from (b.member_id, b.type, b.occurred_at::timestamptz, b.count, b.attributes::jsonb)"
                + " union all select d.event_id from activity.event_digest d join " + BATCH + " using (event_id)"
                + " where d.digest <> activity.content_digest(b.member_id, b.type, b.occurred_at::timestamptz,"
                + " b.count, b.attributes::jsonb)";
        return connection.preparedQuery(sql).execute(batch(events)).map(EventRepository::firstColumn);
    }

    /** Adds the events' counts to the daily totals, in key order so that concurrent batches cannot deadlock. */
    public Uni<Void> addToDailyTotals(SqlConnection connection, List<ActivityEvent> events) {
        Map<List<String>, Long> totals = new TreeMap<>(EventRepository::compareKeys);
        for (ActivityEvent event : events) {
            for (String metric : event.metrics()) {
                totals.merge(
                        List.of(event.memberId(), event.day().toString(), metric), (long) event.count(), Long::sum);
            }
        }
        int size = totals.size();
        String[] members = new String[size];
        String[] days = new String[size];
        String[] metrics = new String[size];
        Long[] amounts = new Long[size];
        int i = 0;
        for (var entry : totals.entrySet()) {
            members[i] = entry.getKey().get(0);
            days[i] = entry.getKey().get(1);
            metrics[i] = entry.getKey().get(2);
            amounts[i++] = entry.getValue();
        }
        String sql = "insert into activity.daily_activity (member_id, day, metric, total)"
                + " select member_id, day::date, metric, total"
                + " from unnest($1::text[], $2::text[], $3::text[], $4::bigint[]) as t(member_id, day, metric, total)"
                + " on conflict (member_id, day, metric)"
                + " do update set total = activity.daily_activity.total + excluded.total";
        return connection
                .preparedQuery(sql)
                .execute(Tuple.of(members, days, metrics, amounts))
                .replaceWithVoid();
    }

    private static int compareKeys(List<String> a, List<String> b) {
        for (int i = 0; i < a.size(); i++) {
            int order = a.get(i).compareTo(b.get(i));
            if (order != 0) {
                return order;
            }
        }
        return 0;
    }

    private static Tuple batch(List<ActivityEvent> events) {
        int size = events.size();
        String[] ids = new String[size];
        String[] members = new String[size];
        String[] types = new String[size];
        String[] times = new String[size];
        Integer[] counts = new Integer[size];
        String[] attributes = new String[size];
        for (int i = 0; i < size; i++) {
            ActivityEvent event = events.get(i);
            ids[i] = event.eventId();
            members[i] = event.memberId();
            types[i] = event.type().name();
            times[i] = event.occurredAt().toString();
            counts[i] = event.count();
            attributes[i] = event.attributesJson();
        }
        return Tuple.of(ids, members, types, times, counts, attributes);
    }

    static Set<String> firstColumn(RowSet<Row> rows) {
        Set<String> values = new HashSet<>();
        for (Row row : rows) {
            values.add(row.getString(0));
        }
        return values;
    }

    /** The members among the ids that exist in the directory. */
    public Uni<Set<String>> existingMembers(SqlConnection connection, Collection<String> memberIds) {
        return connection
                .preparedQuery("select member_id from activity.member where member_id = any($1::text[])")
                .execute(Tuple.of(memberIds.toArray(String[]::new)))
                .map(EventRepository::firstColumn);
    }
}
