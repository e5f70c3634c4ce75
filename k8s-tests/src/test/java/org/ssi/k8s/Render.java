package org.ssi.k8s;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.Stream;

/** Everything one overlay renders to, with the look-ups the checks need. */
record Render(String name, List<HasMetadata> objects) {

    /** A pod template: what a Deployment or a Job runs. */
    record Workload(String kind, String name, ObjectMeta template, PodSpec spec) {

        Map<String, String> labels() {
            return template.getLabels() == null ? Map.of() : template.getLabels();
        }

        @Override
        public String toString() {
            return kind + "/" + name;
        }
    }

    <T extends HasMetadata> List<T> all(Class<T> type) {
        return objects.stream().filter(type::isInstance).map(type::cast).toList();
    }

    <T extends HasMetadata> Optional<T> named(Class<T> type, String name) {
        return all(type).stream()
                .filter(o -> o.getMetadata().getName().equals(name))
                .findFirst();
    }

    List<GenericKubernetesResource> custom(String kind) {
        return all(GenericKubernetesResource.class).stream()
                .filter(o -> o.getKind().equals(kind))
                .toList();
    }

    List<Deployment> deployments() {
        return all(Deployment.class);
    }

    List<Workload> workloads() {
        Stream<Workload> deployments = deployments().stream()
                .map(d -> new Workload(
                        "Deployment",
                        d.getMetadata().getName(),
                        d.getSpec().getTemplate().getMetadata(),
                        d.getSpec().getTemplate().getSpec()));
        Stream<Workload> jobs = all(Job.class).stream()
                .map(j -> new Workload(
                        "Job",
                        j.getMetadata().getName(),
                        j.getSpec().getTemplate().getMetadata(),
                        j.getSpec().getTemplate().getSpec()));
        return Stream.concat(deployments, jobs).toList();
    }

    Workload workload(Deployment deployment) {
        return workloads().stream()
                .filter(w -> w.kind().equals("Deployment")
                        && w.name().equals(deployment.getMetadata().getName()))
                .findFirst()
                .orElseThrow();
    }

    /** The namespace the overlay deploys to; the base has none. */
    String namespace() {
        return objects.stream()
                .map(o -> o.getMetadata().getNamespace())
                .filter(Objects::nonNull)
                .findFirst()
                .orElse("");
    }

    @Override
    public String toString() {
        return name;
    }
}
