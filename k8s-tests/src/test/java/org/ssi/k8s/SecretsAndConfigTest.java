package org.ssi.k8s;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvFromSource;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import io.fabric8.kubernetes.api.model.networking.v1.IngressTLS;
import java.io.IOException;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Secrets are referenced and documented, never committed; configuration is Quarkus configuration in ConfigMaps and
 * matches what each service expects (its port, its database role and schema, its migrations).
 */
class SecretsAndConfigTest {

    private static final Pattern SECRET_KIND = Pattern.compile("(?m)^\\s*kind:\\s*Secret\\s*$");

    static List<Render> renders() {
        return Renders.all();
    }

    @ParameterizedTest
    @MethodSource("renders")
    void no_secret_is_rendered(Render render) {
        assertEquals(List.of(), render.all(Secret.class));
    }

    @Test
    void no_file_under_k8s_defines_or_generates_a_secret() throws IOException {
        try (Stream<Path> files = Files.walk(Repository.k8s())) {
            List<Path> offending = files.filter(Files::isRegularFile)
                    .filter(f -> {
                        String text = Repository.read(f);
                        return SECRET_KIND.matcher(text).find() || text.contains("secretGenerator");
                    })
                    .toList();
            assertEquals(List.of(), offending);
        }
    }

    @ParameterizedTest
    @MethodSource("renders")
    void every_secret_the_manifests_reference_is_documented_for_operators(Render render) {
        String operations = Repository.read(Repository.root().resolve("docs/operations.md"));
        Set<String> undocumented = new TreeSet<>();
        for (String secret : referencedSecrets(render)) {
            if (!operations.contains("`" + secret + "`")) {
                undocumented.add(secret);
            }
        }
        assertEquals(Set.of(), undocumented, "Secrets docs/operations.md does not tell operators to create");
    }

    @ParameterizedTest
    @MethodSource("renders")
    void every_referenced_config_map_is_rendered(Render render) {
        for (Render.Workload workload : render.workloads()) {
            for (Container container : Pods.containers(workload.spec())) {
                for (EnvFromSource source : Pods.envFrom(container)) {
                    if (source.getConfigMapRef() != null) {
                        String name = source.getConfigMapRef().getName();
                        assertTrue(render.named(ConfigMap.class, name).isPresent(), workload + " needs " + name);
                    }
                }
            }
        }
    }

    @ParameterizedTest
    @MethodSource("renders")
    void every_service_finds_the_identity_provider_by_https_url_and_its_client_secret_in_a_secret(Render render) {
        for (Render.Workload workload : NetworkPolicyTest.services(render)) {
            Container container = workload.spec().getContainers().get(0);
            String url = value(render, container, "QUARKUS_OIDC_AUTH_SERVER_URL");
            assertTrue(url != null && url.startsWith("https://"), workload + " identity provider " + url);
            // The gateway calls the services with its own token, scoring and ranking read the feeds with theirs.
            if (Set.of("gateway", "scoring-service", "ranking-service").contains(workload.name())) {
                EnvVar secret = Pods.envVars(container).stream()
                        .filter(e -> e.getName().equals("SSI_SERVICE_SECRET"))
                        .findFirst()
                        .orElseThrow(() -> new AssertionError(workload + " cannot call the services"));
                assertNotNull(secret.getValueFrom().getSecretKeyRef(), workload + " has the secret in clear");
            }
        }
    }

    @ParameterizedTest
    @MethodSource("renders")
    void every_service_reads_the_same_privacy_secret_from_a_secret(Render render) {
        Set<String> keys = new TreeSet<>();
        for (Render.Workload workload : NetworkPolicyTest.services(render)) {
            Container container = workload.spec().getContainers().get(0);
            EnvVar secret = Pods.envVars(container).stream()
                    .filter(e -> e.getName().equals("SSI_PRIVACY_SECRET"))
                    .findFirst()
                    .orElseThrow(() -> new AssertionError(workload + " has no privacy secret"));
            assertNotNull(secret.getValueFrom(), workload + " has the privacy secret in clear");
            assertNotNull(secret.getValueFrom().getSecretKeyRef(), workload + " has the privacy secret in clear");
            keys.add(secret.getValueFrom().getSecretKeyRef().getName() + "/"
                    + secret.getValueFrom().getSecretKeyRef().getKey());
        }
        assertEquals(1, keys.size(), "one privacy secret for every service: " + keys);
    }

    @ParameterizedTest
    @MethodSource("renders")
    void every_service_is_told_to_listen_on_the_port_its_container_declares(Render render) {
        for (Render.Workload workload : NetworkPolicyTest.services(render)) {
            Container container = workload.spec().getContainers().get(0);
            String port = String.valueOf(PodHardeningTest.httpPort(container));
            assertEquals(port, value(render, container, "QUARKUS_HTTP_PORT"), workload.toString());
            assertEquals(port, workload.template().getAnnotations().get("prometheus.io/port"), workload.toString());
        }
    }

    @ParameterizedTest
    @MethodSource("renders")
    void each_database_service_logs_in_as_the_role_that_owns_the_schema_it_migrates(Render render) {
        GenericKubernetesResource cluster = render.custom("Cluster").get(0);
        List<Map<String, Object>> roles = cluster.get("spec", "managed", "roles");
        List<Map<String, Object>> schemas = render.custom("Database").get(0).get("spec", "schemas");
        for (Map.Entry<String, String> service : Design.SCHEMAS.entrySet()) {
            assertEquals(
                    service.getValue(), flywaySchema(service.getKey()), service.getKey() + " migrates another schema");
            for (Render.Workload workload : workloadsOf(render, service.getKey())) {
                Container container = workload.spec().getContainers().get(0);
                String secret = secretOf(container, "QUARKUS_DATASOURCE_USERNAME");
                assertEquals(secret, secretOf(container, "QUARKUS_DATASOURCE_PASSWORD"), workload.toString());
                Map<String, Object> role = roles.stream()
                        .filter(r -> secret.equals(((Map<?, ?>) r.get("passwordSecret")).get("name")))
                        .findFirst()
                        .orElseThrow(() -> new AssertionError(workload + " uses " + secret + ", no managed role's"));
                assertTrue(
                        schemas.contains(Map.of("name", service.getValue(), "owner", role.get("name"))),
                        workload + ": schema " + service.getValue() + " is not owned by role " + role.get("name"));
                String jdbc = value(render, container, "QUARKUS_DATASOURCE_JDBC_URL");
                assertTrue(
                        jdbc.startsWith("jdbc:postgresql://" + Design.DATABASE_CLUSTER + "-rw:5432/"),
                        workload + " " + jdbc);
                assertTrue(jdbc.contains("sslmode=verify-full"), workload + " does not verify the server");
            }
        }
    }

    @ParameterizedTest
    @MethodSource("renders")
    void migrations_run_once_in_a_job_and_replicas_only_validate_the_schema(Render render) {
        for (String service : Design.SCHEMAS.keySet()) {
            Deployment deployment = render.named(Deployment.class, service).orElseThrow();
            Container server =
                    deployment.getSpec().getTemplate().getSpec().getContainers().get(0);
            assertEquals(
                    "false", Pods.env(server, "QUARKUS_FLYWAY_MIGRATE_AT_START").orElse(null), service);
            assertEquals(
                    "true", Pods.env(server, "QUARKUS_FLYWAY_VALIDATE_AT_START").orElse(null), service);
            Job job = render.named(Job.class, service + "-migrate")
                    .orElseThrow(() -> new AssertionError(service + " has no migration Job"));
            var pod = job.getSpec().getTemplate().getSpec();
            Container migrate = pod.getContainers().get(0);
            assertEquals(
                    "true", Pods.env(migrate, "QUARKUS_FLYWAY_MIGRATE_AT_START").orElse(null), service);
            assertEquals("true", Pods.env(migrate, "QUARKUS_INIT_AND_EXIT").orElse(null), service);
            assertEquals(server.getImage(), migrate.getImage(), service + " migrates with another release");
            assertEquals("Never", pod.getRestartPolicy(), service);
            assertNotNull(job.getSpec().getBackoffLimit(), service);
        }
    }

    static Set<String> referencedSecrets(Render render) {
        Set<String> names = new TreeSet<>();
        for (Render.Workload workload : render.workloads()) {
            for (Container container : Pods.containers(workload.spec())) {
                Pods.envVars(container).stream()
                        .filter(e ->
                                e.getValueFrom() != null && e.getValueFrom().getSecretKeyRef() != null)
                        .forEach(e ->
                                names.add(e.getValueFrom().getSecretKeyRef().getName()));
                Pods.envFrom(container).stream()
                        .filter(s -> s.getSecretRef() != null)
                        .forEach(s -> names.add(s.getSecretRef().getName()));
            }
            List<Volume> volumes = workload.spec().getVolumes() == null
                    ? List.of()
                    : workload.spec().getVolumes();
            volumes.stream()
                    .filter(v -> v.getSecret() != null)
                    .forEach(v -> names.add(v.getSecret().getSecretName()));
        }
        for (Ingress ingress : render.all(Ingress.class)) {
            ingress.getSpec().getTls().stream().map(IngressTLS::getSecretName).forEach(names::add);
        }
        for (GenericKubernetesResource custom : render.all(GenericKubernetesResource.class)) {
            collectSecretNames(custom.getAdditionalProperties().get("spec"), false, names);
        }
        return names;
    }

    /** In a custom resource, a secret is a {name, key} selector or a {name} under a key that mentions a secret. */
    private static void collectSecretNames(Object node, boolean underSecretKey, Set<String> names) {
        if (node instanceof Map<?, ?> map) {
            Object name = map.get("name");
            if (name instanceof String value && (underSecretKey || map.containsKey("key"))) {
                names.add(value);
            }
            map.forEach((key, child) ->
                    collectSecretNames(child, String.valueOf(key).toLowerCase().contains("secret"), names));
        } else if (node instanceof List<?> list) {
            list.forEach(child -> collectSecretNames(child, underSecretKey, names));
        }
    }

    /** A variable's value as the container sees it: its own env first, then its ConfigMaps in order. */
    static String value(Render render, Container container, String name) {
        String literal = Pods.env(container, name).orElse(null);
        if (literal != null) {
            return literal;
        }
        String found = null;
        for (EnvFromSource source : Pods.envFrom(container)) {
            if (source.getConfigMapRef() != null) {
                ConfigMap map = render.named(
                                ConfigMap.class, source.getConfigMapRef().getName())
                        .orElseThrow();
                if (map.getData().containsKey(name)) {
                    found = map.getData().get(name); // later sources win, as in Kubernetes
                }
            }
        }
        return found;
    }

    private static List<Render.Workload> workloadsOf(Render render, String service) {
        List<Render.Workload> workloads = new ArrayList<>();
        for (Render.Workload workload : render.workloads()) {
            if (service.equals(workload.labels().get("app.kubernetes.io/name"))) {
                workloads.add(workload);
            }
        }
        assertFalse(workloads.isEmpty(), service);
        return workloads;
    }

    private static String secretOf(Container container, String variable) {
        return Pods.envVars(container).stream()
                .filter(e -> e.getName().equals(variable))
                .map(e -> e.getValueFrom().getSecretKeyRef().getName())
                .findFirst()
                .orElseThrow(() -> new AssertionError(container.getName() + " has no " + variable));
    }

    /** The schema a service's own configuration migrates (quarkus.flyway.schemas). */
    private static String flywaySchema(String service) {
        Properties properties = new Properties();
        try {
            properties.load(new StringReader(Repository.read(
                    Repository.root().resolve(service).resolve("src/main/resources/application.properties"))));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return properties.getProperty("quarkus.flyway.schemas");
    }
}
