package org.ssi.k8s;

import java.util.List;
import java.util.Map;
import java.util.Set;

/** The architecture the manifests must implement (../shared/design/architecture.md), stated once for the checks. */
final class Design {

    /** One service calling another over HTTP. */
    record Call(String from, String to) {
        @Override
        public String toString() {
            return from + " -> " + to;
        }
    }

    static final List<String> SERVICES = List.of("gateway", "activity-service", "scoring-service", "ranking-service");

    /** The services with a database schema of their own, and that schema's name. */
    static final Map<String, String> SCHEMAS =
            Map.of("activity-service", "activity", "scoring-service", "scoring", "ranking-service", "ranking");

    /** The gateway fronts all three; scoring reads the activity feed; ranking reads the score feed and connections. */
    static final Set<Call> CALLS = Set.of(
            new Call("gateway", "activity-service"),
            new Call("gateway", "scoring-service"),
            new Call("gateway", "ranking-service"),
            new Call("scoring-service", "activity-service"),
            new Call("ranking-service", "scoring-service"),
            new Call("ranking-service", "activity-service"));

    static final String DATABASE_CLUSTER = "ssi-db";
    static final int POSTGRES_PORT = 5432;
    static final Map<String, String> DATABASE_POD = Map.of("cnpg.io/cluster", DATABASE_CLUSTER);
    static final String INGRESS_CONTROLLER_NAMESPACE = "ingress-nginx";

    /** With overlays/kafka: the change feeds' producers and consumers, and the brokers of k8s/kafka they reach. */
    static final Set<String> FEED_SERVICES = Set.of("activity-service", "scoring-service", "ranking-service");

    static final String KAFKA_NAMESPACE = "kafka";
    static final Map<String, String> KAFKA_BROKER_POD =
            Map.of("strimzi.io/cluster", "ssi-kafka", "strimzi.io/broker-role", "true");
    static final int KAFKA_PORT = 9092;

    private Design() {}
}
