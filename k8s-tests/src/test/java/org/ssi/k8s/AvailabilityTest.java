package org.ssi.k8s;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.TopologySpreadConstraint;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler;
import io.fabric8.kubernetes.api.model.autoscaling.v2.MetricSpec;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Each service scales with load, survives node drains and rolls out without losing capacity. */
class AvailabilityTest {

    static List<Render> renders() {
        return Renders.all();
    }

    @ParameterizedTest
    @MethodSource("renders")
    void every_deployment_has_an_autoscaler_on_cpu_and_memory_with_scale_down_stabilisation(Render render) {
        for (Deployment deployment : render.deployments()) {
            if (scaledObjectOf(render, deployment).isPresent()) {
                continue; // KEDA's autoscaler: every_keda_autoscaler_keeps_the_cpu_and_memory_targets_of_the_base
            }
            HorizontalPodAutoscaler hpa = autoscalerOf(render, deployment);
            var spec = hpa.getSpec();
            String name = deployment.getMetadata().getName();
            assertTrue(spec.getMinReplicas() >= 1, name);
            assertTrue(spec.getMaxReplicas() > spec.getMinReplicas(), name + " can scale out");
            Set<String> resources = spec.getMetrics().stream()
                    .filter(m -> "Resource".equals(m.getType()))
                    .map(MetricSpec::getResource)
                    .filter(r -> "Utilization".equals(r.getTarget().getType()))
                    .map(r -> r.getName())
                    .collect(Collectors.toSet());
            assertEquals(Set.of("cpu", "memory"), resources, name);
            assertNotNull(spec.getBehavior(), name + " has no scaling behaviour");
            assertTrue(spec.getBehavior().getScaleDown().getStabilizationWindowSeconds() >= 120, name + " flaps");
        }
    }

    @ParameterizedTest
    @MethodSource("renders")
    void every_keda_autoscaler_keeps_the_cpu_and_memory_targets_of_the_base(Render render) {
        for (Deployment deployment : render.deployments()) {
            Optional<GenericKubernetesResource> found = scaledObjectOf(render, deployment);
            if (found.isEmpty()) {
                continue;
            }
            GenericKubernetesResource scaled = found.get();
            String name = deployment.getMetadata().getName();
            assertTrue(
                    render.all(HorizontalPodAutoscaler.class).stream()
                            .noneMatch(h ->
                                    h.getSpec().getScaleTargetRef().getName().equals(name)),
                    name + " has a plain autoscaler beside KEDA's: the two would fight");
            int min = ((Number) scaled.get("spec", "minReplicaCount")).intValue();
            int max = ((Number) scaled.get("spec", "maxReplicaCount")).intValue();
            assertTrue(min >= 1 && max > min, name + " can scale out");
            List<Map<String, Object>> triggers = scaled.get("spec", "triggers");
            Set<String> utilisation = triggers.stream()
                    .filter(t -> "Utilization".equals(t.get("metricType")))
                    .map(t -> (String) t.get("type"))
                    .collect(Collectors.toSet());
            assertEquals(Set.of("cpu", "memory"), utilisation, name);
            Number window = scaled.get(
                    "spec",
                    "advanced",
                    "horizontalPodAutoscalerConfig",
                    "behavior",
                    "scaleDown",
                    "stabilizationWindowSeconds");
            assertTrue(window != null && window.intValue() >= 120, name + " flaps");
        }
    }

    @ParameterizedTest
    @MethodSource("renders")
    void deployments_leave_the_replica_count_to_their_autoscaler(Render render) {
        // A replica count in the manifest would reset a scaled-out Deployment on every apply.
        for (Deployment deployment : render.deployments()) {
            assertNull(
                    deployment.getSpec().getReplicas(), deployment.getMetadata().getName());
        }
    }

    @ParameterizedTest
    @MethodSource("renders")
    void every_deployment_has_a_disruption_budget_that_still_allows_a_drain(Render render) {
        for (Deployment deployment : render.deployments()) {
            Map<String, String> labels = render.workload(deployment).labels();
            List<PodDisruptionBudget> budgets = render.all(PodDisruptionBudget.class).stream()
                    .filter(b -> NetworkModel.matches(b.getSpec().getSelector(), labels))
                    .toList();
            String name = deployment.getMetadata().getName();
            assertEquals(1, budgets.size(), name + " budgets");
            var spec = budgets.get(0).getSpec();
            // maxUnavailable of at least one lets a drain proceed whatever the replica count.
            assertNull(spec.getMinAvailable(), name);
            assertTrue(spec.getMaxUnavailable().getIntVal() >= 1, name);
        }
    }

    @ParameterizedTest
    @MethodSource("renders")
    void rollouts_add_a_replica_before_removing_one(Render render) {
        for (Deployment deployment : render.deployments()) {
            var strategy = deployment.getSpec().getStrategy();
            String name = deployment.getMetadata().getName();
            assertEquals("RollingUpdate", strategy.getType(), name);
            assertEquals(0, strategy.getRollingUpdate().getMaxUnavailable().getIntVal(), name);
            assertTrue(strategy.getRollingUpdate().getMaxSurge().getIntVal() >= 1, name);
        }
    }

    @ParameterizedTest
    @MethodSource("renders")
    void replicas_are_spread_across_nodes_and_zones(Render render) {
        for (Deployment deployment : render.deployments()) {
            var pod = render.workload(deployment);
            Map<String, TopologySpreadConstraint> byKey = pod.spec().getTopologySpreadConstraints().stream()
                    .collect(Collectors.toMap(TopologySpreadConstraint::getTopologyKey, c -> c));
            String name = deployment.getMetadata().getName();
            TopologySpreadConstraint nodes = byKey.get("kubernetes.io/hostname");
            assertNotNull(nodes, name + " is not spread across nodes");
            assertEquals("DoNotSchedule", nodes.getWhenUnsatisfiable(), name);
            assertNotNull(byKey.get("topology.kubernetes.io/zone"), name + " is not spread across zones");
            for (TopologySpreadConstraint constraint : byKey.values()) {
                assertTrue(NetworkModel.matches(constraint.getLabelSelector(), pod.labels()), name + " spreads others");
            }
        }
    }

    @Test
    void prod_runs_at_least_two_replicas_of_each_service() {
        assumeTrue(Renders.kubectlAvailable(), "overlays are rendered with kubectl kustomize");
        Render prod = Renders.overlay("prod");
        assertEquals(Set.copyOf(Design.SERVICES), names(prod.deployments()));
        for (Deployment deployment : prod.deployments()) {
            assertTrue(
                    autoscalerOf(prod, deployment).getSpec().getMinReplicas() >= 2,
                    deployment.getMetadata().getName());
        }
    }

    @Test
    void prod_database_has_three_instances_on_different_nodes_and_is_backed_up() {
        assumeTrue(Renders.kubectlAvailable(), "overlays are rendered with kubectl kustomize");
        Render prod = Renders.overlay("prod");
        GenericKubernetesResource cluster = prod.custom("Cluster").get(0);
        assertTrue(((Number) cluster.get("spec", "instances")).intValue() >= 3);
        assertEquals(Boolean.TRUE, cluster.get("spec", "affinity", "enablePodAntiAffinity"));
        assertEquals("required", cluster.get("spec", "affinity", "podAntiAffinityType"));
        List<Map<String, Object>> plugins = cluster.get("spec", "plugins");
        assertTrue(
                plugins.stream().anyMatch(p -> Boolean.TRUE.equals(p.get("isWALArchiver"))),
                "WAL archived: " + plugins);
        List<GenericKubernetesResource> schedules = prod.custom("ScheduledBackup");
        assertEquals(1, schedules.size());
        assertEquals(Design.DATABASE_CLUSTER, schedules.get(0).get("spec", "cluster", "name"));
        assertEquals(1, prod.custom("ObjectStore").size());
    }

    static HorizontalPodAutoscaler autoscalerOf(Render render, Deployment deployment) {
        List<HorizontalPodAutoscaler> autoscalers = render.all(HorizontalPodAutoscaler.class).stream()
                .filter(h -> "Deployment".equals(h.getSpec().getScaleTargetRef().getKind()))
                .filter(h -> "apps/v1".equals(h.getSpec().getScaleTargetRef().getApiVersion()))
                .filter(h -> deployment
                        .getMetadata()
                        .getName()
                        .equals(h.getSpec().getScaleTargetRef().getName()))
                .toList();
        assertEquals(1, autoscalers.size(), deployment.getMetadata().getName() + " autoscalers");
        return autoscalers.get(0);
    }

    static Optional<GenericKubernetesResource> scaledObjectOf(Render render, Deployment deployment) {
        List<GenericKubernetesResource> scaled = render.custom("ScaledObject").stream()
                .filter(o -> deployment.getMetadata().getName().equals(o.get("spec", "scaleTargetRef", "name")))
                .toList();
        assertTrue(scaled.size() <= 1, deployment.getMetadata().getName() + " has several ScaledObjects");
        return scaled.stream().findFirst();
    }

    private static Set<String> names(List<Deployment> deployments) {
        return deployments.stream().map(d -> d.getMetadata().getName()).collect(Collectors.toSet());
    }
}
