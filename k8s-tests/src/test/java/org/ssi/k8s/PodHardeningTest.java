package org.ssi.k8s;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fabric8.kubernetes.api.model.Capabilities;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.HTTPGetAction;
import io.fabric8.kubernetes.api.model.PodSecurityContext;
import io.fabric8.kubernetes.api.model.Probe;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.SecurityContext;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every container (the services and their migration Jobs) meets the restricted Pod Security Standard, has bounded
 * resources and an immutable image; every service container has the three distinct health probes.
 */
class PodHardeningTest {

    /** {@code <version>-<commit>} as the image build tags it, or a digest. */
    private static final Pattern IMMUTABLE_IMAGE =
            Pattern.compile("^[^:@]+(:\\d+\\.\\d+\\.\\d+(-[0-9A-Za-z.]+)*-[0-9a-f]{7,40}|@sha256:[0-9a-f]{64})$");

    static List<Render> renders() {
        return Renders.all();
    }

    @ParameterizedTest
    @MethodSource("renders")
    void every_container_requests_and_limits_cpu_and_memory(Render render) {
        List<String> unbounded = new ArrayList<>();
        for (Render.Workload workload : render.workloads()) {
            for (Container container : Pods.containers(workload.spec())) {
                var resources = container.getResources();
                for (String resource : List.of("cpu", "memory")) {
                    Quantity request =
                            resources == null ? null : resources.getRequests().get(resource);
                    Quantity limit =
                            resources == null ? null : resources.getLimits().get(resource);
                    if (request == null || limit == null) {
                        unbounded.add(workload + " " + container.getName() + " " + resource);
                    } else if (Quantity.getAmountInBytes(request).compareTo(Quantity.getAmountInBytes(limit)) > 0) {
                        unbounded.add(workload + " " + container.getName() + " requests more " + resource);
                    }
                }
            }
        }
        assertEquals(List.of(), unbounded);
    }

    @ParameterizedTest
    @MethodSource("renders")
    void every_container_runs_as_non_root_without_privilege_escalation(Render render) {
        for (Render.Workload workload : render.workloads()) {
            for (Container container : Pods.containers(workload.spec())) {
                String where = workload + " " + container.getName();
                assertEquals(
                        Boolean.TRUE,
                        Pods.effective(
                                        workload.spec(),
                                        container,
                                        SecurityContext::getRunAsNonRoot,
                                        PodSecurityContext::getRunAsNonRoot)
                                .orElse(null),
                        where + " runAsNonRoot");
                Long user = Pods.effective(
                                workload.spec(),
                                container,
                                SecurityContext::getRunAsUser,
                                PodSecurityContext::getRunAsUser)
                        .orElse(null);
                assertNotNull(user, where + " needs a numeric user, or runAsNonRoot cannot be verified");
                assertNotEquals(0L, user, where + " runs as root");
                SecurityContext own = container.getSecurityContext();
                assertNotNull(own, where + " has no securityContext");
                assertEquals(Boolean.FALSE, own.getAllowPrivilegeEscalation(), where + " allowPrivilegeEscalation");
                assertFalse(Boolean.TRUE.equals(own.getPrivileged()), where + " is privileged");
            }
        }
    }

    @ParameterizedTest
    @MethodSource("renders")
    void every_container_has_a_read_only_root_filesystem_and_drops_all_capabilities(Render render) {
        for (Render.Workload workload : render.workloads()) {
            for (Container container : Pods.containers(workload.spec())) {
                String where = workload + " " + container.getName();
                SecurityContext own = container.getSecurityContext();
                assertNotNull(own, where + " has no securityContext");
                assertEquals(Boolean.TRUE, own.getReadOnlyRootFilesystem(), where + " readOnlyRootFilesystem");
                Capabilities capabilities = own.getCapabilities();
                assertNotNull(capabilities, where + " keeps the default capabilities");
                assertEquals(List.of("ALL"), capabilities.getDrop(), where + " drop");
                assertTrue(
                        capabilities.getAdd() == null || capabilities.getAdd().isEmpty(), where + " adds some");
            }
        }
    }

    @ParameterizedTest
    @MethodSource("renders")
    void every_container_runs_with_the_runtime_default_seccomp_profile(Render render) {
        for (Render.Workload workload : render.workloads()) {
            for (Container container : Pods.containers(workload.spec())) {
                assertEquals(
                        "RuntimeDefault",
                        Pods.seccomp(workload.spec(), container).orElse(null),
                        workload + " " + container.getName());
            }
        }
    }

    @ParameterizedTest
    @MethodSource("renders")
    void no_pod_shares_the_host_or_mounts_host_paths(Render render) {
        for (Render.Workload workload : render.workloads()) {
            var spec = workload.spec();
            assertFalse(Boolean.TRUE.equals(spec.getHostNetwork()), workload + " hostNetwork");
            assertFalse(Boolean.TRUE.equals(spec.getHostPID()), workload + " hostPID");
            assertFalse(Boolean.TRUE.equals(spec.getHostIPC()), workload + " hostIPC");
            if (spec.getVolumes() != null) {
                assertTrue(spec.getVolumes().stream().allMatch(v -> v.getHostPath() == null), workload + " hostPath");
            }
        }
    }

    @ParameterizedTest
    @MethodSource("renders")
    void every_pod_runs_under_its_own_service_account_without_an_api_token(Render render) {
        for (Render.Workload workload : render.workloads()) {
            String account = workload.spec().getServiceAccountName();
            assertNotNull(account, workload + " runs as the namespace's default service account");
            assertEquals(
                    Boolean.FALSE, workload.spec().getAutomountServiceAccountToken(), workload + " mounts a token");
            ServiceAccount serviceAccount = render.named(ServiceAccount.class, account)
                    .orElseThrow(() -> new AssertionError(workload + " uses a missing service account " + account));
            assertEquals(Boolean.FALSE, serviceAccount.getAutomountServiceAccountToken(), account);
        }
    }

    @ParameterizedTest
    @MethodSource("renders")
    void every_service_container_has_distinct_startup_liveness_and_readiness_probes_on_the_health_endpoints(
            Render render) {
        for (Deployment deployment : render.deployments()) {
            for (Container container :
                    deployment.getSpec().getTemplate().getSpec().getContainers()) {
                String where = deployment.getMetadata().getName() + " " + container.getName();
                assertEquals("/q/health/started", path(container.getStartupProbe(), where + " startup"));
                assertEquals("/q/health/live", path(container.getLivenessProbe(), where + " liveness"));
                assertEquals("/q/health/ready", path(container.getReadinessProbe(), where + " readiness"));
                for (Probe probe : List.of(
                        container.getStartupProbe(), container.getLivenessProbe(), container.getReadinessProbe())) {
                    assertEquals(
                            httpPort(container), port(container, probe.getHttpGet()), where + " probes its own port");
                }
                // The startup probe must outwait a cold start on one CPU before liveness may restart the container.
                Probe startup = container.getStartupProbe();
                assertTrue(
                        startup.getPeriodSeconds() * startup.getFailureThreshold() >= 120, where + " startup budget");
            }
        }
    }

    @ParameterizedTest
    @MethodSource("renders")
    void every_image_has_an_immutable_version_and_commit_tag(Render render) {
        for (Render.Workload workload : render.workloads()) {
            for (Container container : Pods.containers(workload.spec())) {
                String image = container.getImage();
                assertFalse(image.endsWith(":latest"), workload + " uses latest");
                assertTrue(IMMUTABLE_IMAGE.matcher(image).matches(), workload + " image " + image);
                assertEquals("IfNotPresent", container.getImagePullPolicy(), workload + " pull policy");
            }
        }
        Object database = render.custom("Cluster").get(0).get("spec", "imageName");
        assertTrue(
                String.valueOf(database).matches("^[^:@]+:\\d+\\.\\d+.*$"),
                "PostgreSQL image pinned to a release: " + database);
    }

    @ParameterizedTest
    @MethodSource("renders")
    void all_services_and_migrations_run_the_same_release(Render render) {
        Set<String> tags = render.workloads().stream()
                .flatMap(w -> Pods.containers(w.spec()).stream())
                .map(c -> c.getImage().substring(c.getImage().lastIndexOf(':') + 1))
                .collect(Collectors.toSet());
        assertEquals(1, tags.size(), "one release at a time: " + tags);
    }

    private static String path(Probe probe, String what) {
        assertNotNull(probe, what + " probe is missing");
        assertNotNull(probe.getHttpGet(), what + " probe is not an HTTP probe");
        return probe.getHttpGet().getPath();
    }

    static int httpPort(Container container) {
        return container.getPorts().stream()
                .filter(p -> "http".equals(p.getName()))
                .map(ContainerPort::getContainerPort)
                .findFirst()
                .orElseThrow(() -> new AssertionError(container.getName() + " has no port named http"));
    }

    static int port(Container container, HTTPGetAction action) {
        var port = action.getPort();
        if (port.getIntVal() != null) {
            return port.getIntVal();
        }
        Map<String, Integer> named = container.getPorts().stream()
                .filter(p -> p.getName() != null)
                .collect(Collectors.toMap(ContainerPort::getName, ContainerPort::getContainerPort));
        return named.getOrDefault(port.getStrVal(), -1);
    }
}
