package org.ssi.activity.ingestion.service;

/** Every activity event type of the public contract, by the pillar it feeds. */
public enum EventType {
    ENDORSEMENT_RECEIVED,
    ARTICLE_PUBLISHED,
    ARTICLE_FOLLOWER_GAINED,
    POST_VIEW_RECEIVED,
    FOLLOWER_GAINED,
    FOLLOWER_LOST,
    PEOPLE_SEARCH,
    LEAD_SEARCH,
    PROFILE_VIEW_MADE,
    PROFILE_VIEW_RECEIVED,
    LEAD_SAVED,
    POST_SHARED,
    ENGAGEMENT_GIVEN,
    ENGAGEMENT_RECEIVED,
    ARTICLE_ENGAGEMENT_RECEIVED,
    MESSAGE_SENT,
    INMAIL_SENT,
    INMAIL_REPLY_RECEIVED,
    GROUP_JOINED,
    ACCOUNT_SAVED,
    ACCOUNT_RESEARCHED,
    CONNECTION_REQUEST_SENT,
    CONNECTION_ADDED,
    CONNECTION_REMOVED;

    public boolean isConnectionChange() {
        return this == CONNECTION_ADDED || this == CONNECTION_REMOVED;
    }

    public static EventType parse(String name) {
        for (EventType type : values()) {
            if (type.name().equals(name)) {
                return type;
            }
        }
        return null;
    }
}
