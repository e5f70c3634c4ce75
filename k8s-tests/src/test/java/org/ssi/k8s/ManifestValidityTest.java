package org.ssi.k8s;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Namespace;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Every rendered object is one the API server would accept as written. */
class ManifestValidityTest {

    /**
     * The only custom resources the suite uses: CloudNativePG's, its backup plugin's, KEDA's (overlays/kafka) and the
     * Prometheus Operator's (the monitoring component).
     */
    private static final Set<String> KNOWN_CUSTOM_KINDS = Set.of(
            "monitoring.coreos.com/v1 PodMonitor",
            "monitoring.coreos.com/v1 PrometheusRule",
            "postgresql.cnpg.io/v1 Cluster",
            "postgresql.cnpg.io/v1 Database",
            "postgresql.cnpg.io/v1 ScheduledBackup",
            "barmancloud.cnpg.io/v1 ObjectStore",
            "keda.sh/v1alpha1 ScaledObject");

    static List<Render> renders() {
        return Renders.all();
    }

    static List<String> overlays() {
        return Renders.OVERLAYS;
    }

    @ParameterizedTest
    @MethodSource("renders")
    void every_object_fits_the_kubernetes_schema(Render render) {
        Map<String, List<String>> unknown = render.objects().stream()
                .collect(Collectors.toMap(ManifestValidityTest::id, SchemaCheck::unknownFields));
        unknown.values().removeIf(List::isEmpty);
        assertEquals(Map.of(), unknown, "fields the Kubernetes schema does not know");
    }

    @ParameterizedTest
    @MethodSource("renders")
    void every_custom_resource_is_a_known_operator_kind(Render render) {
        // A misspelt apiVersion or kind of a core object also lands here, as an unknown generic resource.
        Set<String> kinds = render.all(GenericKubernetesResource.class).stream()
                .map(o -> o.getApiVersion() + " " + o.getKind())
                .collect(Collectors.toSet());
        assertTrue(KNOWN_CUSTOM_KINDS.containsAll(kinds), "unexpected kinds: " + kinds);
        assertEquals(1, render.custom("Cluster").size(), "one PostgreSQL cluster");
    }

    @ParameterizedTest
    @MethodSource("renders")
    void names_are_unique_per_kind(Render render) {
        Map<String, Long> counts = render.objects().stream()
                .collect(Collectors.groupingBy(ManifestValidityTest::id, Collectors.counting()));
        counts.values().removeIf(count -> count == 1);
        assertEquals(Map.of(), counts);
    }

    @Test
    void the_schema_check_reports_a_misspelt_field() {
        List<HasMetadata> objects = Manifests.parse("""
                apiVersion: apps/v1
                kind: Deployment
                metadata:
                  name: misspelt
                spec:
                  selector:
                    matchLabels: {app: misspelt}
                  template:
                    metadata:
                      labels: {app: misspelt}
                    spec:
                      containers:
                        - name: app
                          image: app:1.0.0-abcdef1
                          readinesProbe:
                            httpGet: {path: /q/health/ready, port: 8080}
                """);
        assertEquals(
                List.of("spec.template.spec.containers[0].readinesProbe"), SchemaCheck.unknownFields(objects.get(0)));
    }

    @ParameterizedTest
    @MethodSource("overlays")
    void each_overlay_deploys_to_one_namespace_that_enforces_restricted_pod_security(String overlay) {
        assumeTrue(Renders.kubectlAvailable(), "overlays are rendered with kubectl kustomize");
        Render render = Renders.overlay(overlay);
        List<Namespace> namespaces = render.all(Namespace.class);
        assertEquals(1, namespaces.size());
        Namespace namespace = namespaces.get(0);
        assertEquals("restricted", namespace.getMetadata().getLabels().get("pod-security.kubernetes.io/enforce"));
        Set<String> used = render.objects().stream()
                .filter(o -> !(o instanceof Namespace))
                .map(o -> String.valueOf(o.getMetadata().getNamespace()))
                .collect(Collectors.toSet());
        assertEquals(Set.of(namespace.getMetadata().getName()), used);
        assertFalse(namespace.getMetadata().getName().isBlank());
    }

    static String id(HasMetadata object) {
        return object.getKind() + "/" + object.getMetadata().getName();
    }
}
