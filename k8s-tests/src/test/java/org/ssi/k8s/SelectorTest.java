package org.ssi.k8s;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServicePort;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Selectors find exactly the pods they are meant for: a mismatch is silent in Kubernetes until traffic is lost. */
class SelectorTest {

    static List<Render> renders() {
        return Renders.all();
    }

    @ParameterizedTest
    @MethodSource("renders")
    void every_deployment_selects_its_own_pod_template_and_no_other_workload(Render render) {
        for (Deployment deployment : render.deployments()) {
            LabelSelector selector = deployment.getSpec().getSelector();
            List<Render.Workload> selected = render.workloads().stream()
                    .filter(w -> NetworkModel.matches(selector, w.labels()))
                    .toList();
            assertEquals(
                    List.of(render.workload(deployment)),
                    selected,
                    deployment.getMetadata().getName());
        }
    }

    @ParameterizedTest
    @MethodSource("renders")
    void every_service_routes_to_exactly_one_deployment_and_never_to_a_migration_job(Render render) {
        for (Service service : render.all(Service.class)) {
            Map<String, String> selector = service.getSpec().getSelector();
            assertFalse(
                    selector == null || selector.isEmpty(),
                    service.getMetadata().getName() + " selects nothing");
            List<Render.Workload> selected = render.workloads().stream()
                    .filter(w -> w.labels().entrySet().containsAll(selector.entrySet()))
                    .toList();
            assertEquals(1, selected.size(), service.getMetadata().getName() + " selects " + selected);
            assertEquals("Deployment", selected.get(0).kind());
        }
    }

    @ParameterizedTest
    @MethodSource("renders")
    void every_service_port_targets_a_port_its_pods_listen_on(Render render) {
        for (Service service : render.all(Service.class)) {
            Render.Workload pods = render.workloads().stream()
                    .filter(w -> w.labels()
                            .entrySet()
                            .containsAll(service.getSpec().getSelector().entrySet()))
                    .findFirst()
                    .orElseThrow();
            for (ServicePort port : service.getSpec().getPorts()) {
                assertTrue(
                        pods.spec().getContainers().stream().anyMatch(c -> listensOn(c, port)),
                        service.getMetadata().getName() + " port " + port.getName());
            }
        }
    }

    @ParameterizedTest
    @MethodSource("renders")
    void every_network_policy_applies_to_some_pod(Render render) {
        List<Map<String, String>> pods = Stream.concat(
                        render.workloads().stream().map(Render.Workload::labels), Stream.of(Design.DATABASE_POD))
                .toList();
        for (NetworkPolicy policy : render.all(NetworkPolicy.class)) {
            assertTrue(
                    pods.stream()
                            .anyMatch(labels ->
                                    NetworkModel.matches(policy.getSpec().getPodSelector(), labels)),
                    policy.getMetadata().getName() + " selects no pod");
        }
    }

    private static boolean listensOn(Container container, ServicePort port) {
        var target = port.getTargetPort();
        return container.getPorts().stream()
                .anyMatch(p -> target.getIntVal() != null
                        ? target.getIntVal().equals(p.getContainerPort())
                        : target.getStrVal().equals(p.getName()));
    }
}
