package org.ssi.scoring.feed.repository;

import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

/** Feed cursors; run inside a session. */
@ApplicationScoped
public class FeedCursorRepository implements PanacheRepositoryBase<FeedCursor, String> {

    public Uni<Long> position(String feed) {
        return findById(feed).map(cursor -> cursor == null ? 0L : cursor.position);
    }

    public Uni<Void> moveTo(String feed, long position) {
        return findById(feed).chain(cursor -> cursor == null ? create(feed, position) : advance(cursor, position));
    }

    private Uni<Void> create(String feed, long position) {
        FeedCursor cursor = new FeedCursor();
        cursor.feed = feed;
        cursor.position = position;
        return persist(cursor).replaceWithVoid();
    }

    private static Uni<Void> advance(FeedCursor cursor, long position) {
        cursor.position = Math.max(cursor.position, position);
        return Uni.createFrom().voidItem();
    }
}
