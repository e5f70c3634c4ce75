package org.ssi.scoring.feed.repository;

import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/** How far this service has read an upstream feed; stored in the same transaction as what was read. */
@Entity
@Table(name = "feed_cursor")
public class FeedCursor {

    @Id
    public String feed;

    public long position;
}
