package org.ssi.gateway.upstream;

/** The services behind the gateway, by the name a 503 gives them and their circuit breaker carries. */
public enum Service {
    ACTIVITY("activity-service"),
    SCORING("scoring-service"),
    RANKING("ranking-service");

    private final String label;

    Service(String label) {
        this.label = label;
    }

    public String label() {
        return label;
    }
}
