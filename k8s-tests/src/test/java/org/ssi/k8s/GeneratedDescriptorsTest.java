package org.ssi.k8s;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.Probe;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The Deployment Quarkus generates from each service's own configuration (target/kubernetes, written by the service's
 * build) agrees with the committed one on what the application decides: its port, its health paths, its resources and
 * its user. A changed port or health root shows up here before it shows up as a crash-looping pod.
 */
class GeneratedDescriptorsTest {

    static List<String> services() {
        return Design.SERVICES;
    }

    @ParameterizedTest
    @MethodSource("services")
    void committed_port_probes_resources_and_user_match_what_quarkus_generates(String service) {
        Path file = Repository.root().resolve(service).resolve("target/kubernetes/kubernetes.yml");
        assumeTrue(Files.exists(file), "build " + service + " first (the reactor does, before this module)");
        Deployment generated = Manifests.parse(Repository.read(file)).stream()
                .filter(Deployment.class::isInstance)
                .map(Deployment.class::cast)
                .findFirst()
                .orElseThrow();
        Deployment committed =
                Renders.javaBase().named(Deployment.class, service).orElseThrow();
        Container expected = container(generated);
        Container actual = container(committed);
        assertEquals(PodHardeningTest.httpPort(expected), PodHardeningTest.httpPort(actual), service + " port");
        assertEquals(paths(expected), paths(actual), service + " probe paths");
        assertEquals(expected.getResources(), actual.getResources(), service + " resources");
        assertEquals(user(generated), user(committed), service + " user");
    }

    private static Container container(Deployment deployment) {
        return deployment.getSpec().getTemplate().getSpec().getContainers().get(0);
    }

    private static Long user(Deployment deployment) {
        return deployment.getSpec().getTemplate().getSpec().getSecurityContext().getRunAsUser();
    }

    private static List<String> paths(Container container) {
        return Stream.of(container.getStartupProbe(), container.getLivenessProbe(), container.getReadinessProbe())
                .map(Probe::getHttpGet)
                .map(action -> action.getPath())
                .toList();
    }
}
