package org.ssi.k8s;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvFromSource;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.PodSecurityContext;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.SeccompProfile;
import io.fabric8.kubernetes.api.model.SecurityContext;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/** Reads pod specs the way the kubelet does: a container's setting wins over the pod's. */
final class Pods {

    private Pods() {}

    static List<Container> containers(PodSpec spec) {
        List<Container> all = new ArrayList<>(spec.getContainers());
        if (spec.getInitContainers() != null) {
            all.addAll(spec.getInitContainers());
        }
        return all;
    }

    static <T> Optional<T> effective(
            PodSpec pod,
            Container container,
            Function<SecurityContext, T> fromContainer,
            Function<PodSecurityContext, T> fromPod) {
        Optional<T> own = Optional.ofNullable(container.getSecurityContext()).map(fromContainer);
        return own.or(() -> Optional.ofNullable(pod.getSecurityContext()).map(fromPod));
    }

    static Optional<String> seccomp(PodSpec pod, Container container) {
        return effective(pod, container, SecurityContext::getSeccompProfile, PodSecurityContext::getSeccompProfile)
                .map(SeccompProfile::getType);
    }

    static Optional<String> env(Container container, String name) {
        return envVars(container).stream()
                .filter(e -> e.getName().equals(name))
                .map(EnvVar::getValue)
                .findFirst();
    }

    static List<EnvVar> envVars(Container container) {
        return container.getEnv() == null ? List.of() : container.getEnv();
    }

    static List<EnvFromSource> envFrom(Container container) {
        return container.getEnvFrom() == null ? List.of() : container.getEnvFrom();
    }
}
