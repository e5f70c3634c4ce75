package org.ssi.activity.ingestion.repository;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Comparator;
import java.util.List;
import org.ssi.activity.ingestion.service.ActivityEvent;
import org.ssi.activity.ingestion.service.EventType;

/**
 * The connection graph among members. Connections are undirected: one row per pair, and the latest event by
 * occurredAt, from either side, decides whether the pair is connected.
 */
@ApplicationScoped
public class ConnectionRepository {

    public Uni<Void> apply(SqlConnection connection, List<ActivityEvent> events) {
        List<ActivityEvent> changes = events.stream()
                .filter(event -> event.connectedMemberId() != null)
                // Pair by pair, so that concurrent batches lock pairs in one order and cannot deadlock; within a
                // pair in time order (the latest event wins whatever the order, by the as_of condition).
                .sorted(Comparator.comparing((ActivityEvent e) -> min(e.memberId(), e.connectedMemberId()))
                        .thenComparing(e -> max(e.memberId(), e.connectedMemberId()))
                        .thenComparing(ActivityEvent::occurredAt))
                .toList();
        Uni<Void> chain = Uni.createFrom().voidItem();
        for (ActivityEvent change : changes) {
            chain = chain.chain(() -> applyOne(connection, change));
        }
        return chain;
    }

    private Uni<Void> applyOne(SqlConnection connection, ActivityEvent change) {
        String a = min(change.memberId(), change.connectedMemberId());
        String b = max(change.memberId(), change.connectedMemberId());
        String sql = "insert into activity.connection (member_a, member_b, connected, as_of) values ($1, $2, $3, $4)"
                + " on conflict (member_a, member_b) do update set connected = excluded.connected, as_of = excluded.as_of"
                + " where activity.connection.as_of <= excluded.as_of";
        boolean connected = change.type() == EventType.CONNECTION_ADDED;
        return connection
                .preparedQuery(sql)
                .execute(Tuple.of(a, b, connected, change.occurredAt().atOffset(java.time.ZoneOffset.UTC)))
                .replaceWithVoid();
    }

    private static String min(String x, String y) {
        return x.compareTo(y) <= 0 ? x : y;
    }

    private static String max(String x, String y) {
        return x.compareTo(y) <= 0 ? y : x;
    }
}
