package org.ssi.k8s;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.api.model.Namespace;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The Kafka cluster of k8s/kafka and the overlay that runs the change feeds on it (overlays/kafka) agree with each
 * other: the address the services and KEDA use is the cluster's listener, the topics can survive a broker's loss, and
 * KEDA never scales the consumer group beyond the partitions it can share.
 */
class KafkaClusterTest {

    private static final Set<String> TOPICS = Set.of(
            "ssi.activity-changes",
            "ssi.score-changes",
            "ssi.activity-changes.dead-letters",
            "ssi.score-changes.dead-letters");

    private static Render cluster;
    private static Render overlay;

    @BeforeAll
    static void render() {
        assumeTrue(Renders.kubectlAvailable(), "k8s/kafka and overlays/kafka are rendered with kubectl kustomize");
        cluster = new Render("k8s/kafka", Renders.kubectl(Repository.k8s().resolve("kafka")));
        overlay = Renders.overlay("kafka");
    }

    @Test
    void the_cluster_lives_in_its_own_restricted_namespace() {
        List<Namespace> namespaces = cluster.all(Namespace.class);
        assertEquals(1, namespaces.size());
        Namespace namespace = namespaces.get(0);
        assertEquals(Design.KAFKA_NAMESPACE, namespace.getMetadata().getName());
        assertEquals("restricted", namespace.getMetadata().getLabels().get("pod-security.kubernetes.io/enforce"));
        Set<String> used = cluster.objects().stream()
                .filter(o -> !(o instanceof Namespace))
                .map(o -> o.getMetadata().getNamespace())
                .collect(Collectors.toSet());
        assertEquals(Set.of(Design.KAFKA_NAMESPACE), used);
    }

    @Test
    void the_services_and_keda_use_the_address_of_the_clusters_listener() {
        String expected = kafka().getMetadata().getName() + "-kafka-bootstrap." + Design.KAFKA_NAMESPACE + ".svc:"
                + listener().get("port");
        assertEquals(Design.KAFKA_PORT, ((Number) listener().get("port")).intValue());
        ConfigMap common = overlay.all(ConfigMap.class).stream()
                .filter(c -> c.getMetadata().getName().startsWith("ssi-common"))
                .findFirst()
                .orElseThrow();
        assertEquals(expected, common.getData().get("KAFKA_BOOTSTRAP_SERVERS"));
        assertEquals("kafka", common.getData().get("SSI_FEED_TRANSPORT"));
        assertEquals(expected, lagTrigger().get("bootstrapServers"));
    }

    @Test
    void the_listener_admits_exactly_the_feed_services_and_keda() {
        List<Map<String, Object>> peers = cast(listener().get("networkPolicyPeers"));
        Set<String> admitted = overlay.workloads().stream()
                .filter(w -> w.kind().equals("Deployment"))
                .filter(w -> peers.stream().anyMatch(peer -> admits(peer, overlay.namespace(), w.labels())))
                .map(Render.Workload::name)
                .collect(Collectors.toSet());
        assertEquals(Design.FEED_SERVICES, admitted);
        assertTrue(peers.stream().anyMatch(peer -> admits(peer, "keda", Map.of("app", "keda-operator"))));
        assertTrue(peers.stream().noneMatch(peer -> admits(peer, "elsewhere", Map.of("app", "keda-operator"))));
    }

    @Test
    void both_feed_topics_and_their_dead_letters_are_declared_and_keep_accepting_writes_after_losing_a_broker() {
        int brokers = cluster.custom("KafkaNodePool").stream()
                .filter(pool ->
                        KafkaClusterTest.<List<String>>spec(pool, "roles").contains("broker"))
                .mapToInt(
                        pool -> KafkaClusterTest.<Number>spec(pool, "replicas").intValue())
                .sum();
        Map<String, GenericKubernetesResource> topics = topics();
        assertEquals(TOPICS, topics.keySet());
        assertEquals(
                "false",
                String.valueOf(KafkaClusterTest.<Map<String, Object>>spec(kafka(), "kafka", "config")
                        .get("auto.create.topics.enable")));
        for (GenericKubernetesResource topic : topics.values()) {
            int replicas = KafkaClusterTest.<Number>spec(topic, "replicas").intValue();
            int minInSync = Integer.parseInt(String.valueOf(
                    KafkaClusterTest.<Map<String, Object>>spec(topic, "config").get("min.insync.replicas")));
            assertTrue(replicas <= brokers, topic.getMetadata().getName() + " has more replicas than brokers");
            assertTrue(minInSync < replicas, topic.getMetadata().getName() + " stops on the first broker loss");
            assertTrue(minInSync >= 2, topic.getMetadata().getName() + " acknowledges writes held by one broker");
        }
    }

    @Test
    void keda_scales_scoring_on_the_lag_of_its_feed_and_never_past_its_partitions() {
        GenericKubernetesResource scaled = overlay.custom("ScaledObject").get(0);
        assertEquals("scoring-service", scaled.get("spec", "scaleTargetRef", "name"));
        Map<String, Object> trigger = lagTrigger();
        GenericKubernetesResource topic = topics().get((String) trigger.get("topic"));
        assertEquals("ssi.activity-changes", trigger.get("topic"));
        int partitions = KafkaClusterTest.<Number>spec(topic, "partitions").intValue();
        int max = ((Number) scaled.get("spec", "maxReplicaCount")).intValue();
        assertTrue(max <= partitions, "replicas beyond " + partitions + " partitions would idle");
        assertTrue(Integer.parseInt((String) trigger.get("lagThreshold")) > 0);
        ConfigMap scoring = overlay.all(ConfigMap.class).stream()
                .filter(c -> c.getMetadata().getName().startsWith("scoring-service-config"))
                .findFirst()
                .orElseThrow();
        assertEquals(scoring.getData().get("SSI_FEED_KAFKA_GROUP_ID"), trigger.get("consumerGroup"));
    }

    private static Map<String, Object> lagTrigger() {
        List<Map<String, Object>> triggers =
                overlay.custom("ScaledObject").get(0).get("spec", "triggers");
        return triggers.stream()
                .filter(t -> "kafka".equals(t.get("type")))
                .map(t -> KafkaClusterTest.<Map<String, Object>>cast(t.get("metadata")))
                .findFirst()
                .orElseThrow();
    }

    private static GenericKubernetesResource kafka() {
        List<GenericKubernetesResource> clusters = cluster.custom("Kafka");
        assertEquals(1, clusters.size());
        return clusters.get(0);
    }

    private static Map<String, Object> listener() {
        List<Map<String, Object>> listeners = kafka().get("spec", "kafka", "listeners");
        assertEquals(1, listeners.size(), "one listener");
        return listeners.get(0);
    }

    private static Map<String, GenericKubernetesResource> topics() {
        return cluster.custom("KafkaTopic").stream()
                .collect(Collectors.toMap(t -> (String) t.get("spec", "topicName"), t -> t));
    }

    /** Whether a networkPolicyPeer (namespace and pod selectors) admits a pod of that namespace with those labels. */
    private static boolean admits(Map<String, Object> peer, String namespace, Map<String, String> labels) {
        return NetworkModel.matches(
                        selector(peer.get("namespaceSelector")), Map.of("kubernetes.io/metadata.name", namespace))
                && NetworkModel.matches(selector(peer.get("podSelector")), labels);
    }

    private static LabelSelector selector(Object yaml) {
        return yaml == null ? null : Manifests.SERIALIZATION.convertValue(yaml, LabelSelector.class);
    }

    private static <T> T spec(GenericKubernetesResource object, String... path) {
        Object[] full = new Object[path.length + 1];
        full[0] = "spec";
        System.arraycopy(path, 0, full, 1, path.length);
        return object.get(full);
    }

    @SuppressWarnings("unchecked")
    private static <T> T cast(Object value) {
        return (T) value;
    }
}
