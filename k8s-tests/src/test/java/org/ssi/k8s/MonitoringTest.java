package org.ssi.k8s;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What an operator sees (k8s/monitoring): PodMonitors that find the services' pods and their metrics port, alerts
 * whose runbooks exist in docs/operations.md and whose queries, like the dashboard's, name only metrics the suite and
 * its cluster write; the rules as Prometheus itself reads and evaluates them ({@code promtool}, when installed).
 */
class MonitoringTest {

    private static final Path COMPONENT = Repository.k8s().resolve("monitoring");
    private static final Path OPERATIONS = Repository.root().resolve("docs").resolve("operations.md");
    private static final String PROMTOOL = System.getProperty("ssi.promtool", "promtool");
    private static final ObjectMapper JSON = new ObjectMapper();

    /** The metrics the services write (as Prometheus names them), and those of the cluster the alerts use. */
    static final Set<String> SSI_METRICS = Set.of(
            "ssi_feed_lag_seconds",
            "ssi_feed_lag_entries",
            "ssi_job_last_success_timestamp_seconds",
            "ssi_job_last_duration_seconds",
            "ssi_job_runs_total",
            "ssi_feed_dead_letters_total",
            "ssi_feed_consumer_alive",
            "ssi_rescoring_members",
            "ssi_rescoring_runs_total",
            "ssi_events_total",
            "ssi_privacy_refusals_total",
            "ssi_rate_limited_total");

    static final Set<String> OTHER_METRICS = Set.of(
            // Quarkus's request timer, with the buckets of the metrics module
            "http_server_requests_seconds_bucket",
            "http_server_requests_seconds_count",
            "http_server_requests_seconds_sum",
            // SmallRye Fault Tolerance's, of the gateway's circuit breakers
            "ft_circuitbreaker_state_current",
            "ft_circuitbreaker_opened_total",
            // kube-state-metrics
            "kube_pod_container_status_restarts_total",
            // the Kafka consumer's own (Micrometer's KafkaClientMetrics), overlays/kafka
            "kafka_consumer_fetch_manager_records_lag_max");

    private static final Set<String> PROMQL_WORDS = Set.of(
            "by",
            "without",
            "on",
            "ignoring",
            "group_left",
            "group_right",
            "bool",
            "and",
            "or",
            "unless",
            "offset",
            "inf",
            "nan");
    private static final Pattern IDENTIFIER = Pattern.compile("(?<![\\w.$])([a-zA-Z_:][\\w:]*)(\\s*\\()?");
    private static final Pattern RUNBOOK = Pattern.compile("https://\\S+/docs/operations\\.md#([a-z0-9-]+)");

    private static List<HasMetadata> component() {
        return JavaKustomize.render(COMPONENT);
    }

    private static List<GenericKubernetesResource> custom(String kind) {
        return component().stream()
                .filter(o ->
                        o instanceof GenericKubernetesResource && o.getKind().equals(kind))
                .map(GenericKubernetesResource.class::cast)
                .toList();
    }

    private static JsonNode spec(HasMetadata object) {
        return Manifests.tree(object).path("spec");
    }

    /** Every alerting rule of the PrometheusRule. */
    private static List<JsonNode> alerts() {
        List<JsonNode> alerts = new ArrayList<>();
        for (GenericKubernetesResource rule : custom("PrometheusRule")) {
            for (JsonNode group : spec(rule).path("groups")) {
                group.path("rules").forEach(alerts::add);
            }
        }
        return alerts;
    }

    private static JsonNode dashboard() throws IOException {
        ConfigMap map = component().stream()
                .filter(o -> o instanceof ConfigMap && o.getMetadata().getName().equals("ssi-dashboard"))
                .map(ConfigMap.class::cast)
                .findFirst()
                .orElseThrow();
        assertEquals("1", map.getMetadata().getLabels().get("grafana_dashboard"), "Grafana's sidecar finds it");
        return JSON.readTree(map.getData().get("ssi-dashboard.json"));
    }

    private static List<String> dashboardQueries(JsonNode dashboard) {
        List<String> queries = new ArrayList<>();
        for (JsonNode panel : dashboard.path("panels")) {
            panel.path("targets")
                    .forEach(target -> queries.add(target.path("expr").asText()));
        }
        return queries;
    }

    /**
     * The metric names a PromQL expression reads: identifiers that are neither functions nor keywords, once label
     * matchers, ranges, grouping clauses and strings are taken out.
     */
    static Set<String> metricsIn(String expression) {
        String bare = expression
                .replaceAll("\"(?:[^\"\\\\]|\\\\.)*\"", "\"\"")
                .replaceAll("\\{[^}]*}", " ")
                .replaceAll("\\[[^]]*]", " ")
                .replaceAll("\\b(by|without|on|ignoring|group_left|group_right)\\s*\\([^)]*\\)", " ");
        Set<String> metrics = new TreeSet<>();
        Matcher identifier = IDENTIFIER.matcher(bare);
        while (identifier.find()) {
            String name = identifier.group(1);
            boolean function = identifier.group(2) != null;
            if (!function && !PROMQL_WORDS.contains(name.toLowerCase(Locale.ROOT))) {
                metrics.add(name);
            }
        }
        return metrics;
    }

    /** The anchors GitHub gives the headings of a Markdown file. */
    static Set<String> anchors(String markdown) {
        Set<String> anchors = new LinkedHashSet<>();
        for (String line : markdown.lines().toList()) {
            if (line.matches("#{1,6} .*")) {
                String heading = line.replaceFirst("#{1,6} ", "").strip().toLowerCase(Locale.ROOT);
                anchors.add(heading.replaceAll("[^a-z0-9 _-]", "").replace(' ', '-'));
            }
        }
        return anchors;
    }

    @Test
    void the_prod_overlays_include_the_component_as_rendered_in_java() {
        assumeTrue(Renders.kubectlAvailable(), "overlays are rendered with kubectl kustomize");
        Map<String, JsonNode> java = new LinkedHashMap<>();
        for (HasMetadata object : component()) {
            java.put(ManifestValidityTest.id(object), Manifests.tree(object));
        }
        for (String overlay : List.of("prod", "kafka")) {
            Render render = Renders.overlay(overlay);
            for (HasMetadata object : render.objects()) {
                String id = ManifestValidityTest.id(object);
                if (java.containsKey(id)) {
                    JsonNode rendered = Manifests.tree(object).deepCopy();
                    ((com.fasterxml.jackson.databind.node.ObjectNode) rendered.path("metadata")).remove("namespace");
                    assertEquals(java.get(id), rendered, overlay + ": " + id);
                }
            }
            Set<String> ids =
                    render.objects().stream().map(ManifestValidityTest::id).collect(Collectors.toSet());
            assertTrue(ids.containsAll(java.keySet()), overlay + " renders the monitoring component");
        }
        Set<String> dev = Renders.overlay("dev").objects().stream()
                .map(ManifestValidityTest::id)
                .collect(Collectors.toSet());
        assertFalse(dev.contains("PrometheusRule/ssi"), "dev runs without the Prometheus Operator");
    }

    @Test
    void every_service_has_one_pod_monitor_that_selects_its_pods_and_scrapes_their_metrics_port() {
        Render base = Renders.javaBase();
        Map<String, String> monitored = new LinkedHashMap<>();
        for (GenericKubernetesResource monitor : custom("PodMonitor")) {
            String name = monitor.getMetadata().getName();
            JsonNode spec = spec(monitor);
            Map<String, String> selector =
                    JSON.convertValue(spec.path("selector").path("matchLabels"), Map.class);
            assertFalse(selector == null || selector.isEmpty(), name + " selects by labels");
            List<Deployment> selected = base.deployments().stream()
                    .filter(d -> base.workload(d).labels().entrySet().containsAll(selector.entrySet()))
                    .toList();
            assertEquals(1, selected.size(), name + " selects the pods of exactly one Deployment");
            Deployment deployment = selected.get(0);
            List<ContainerPort> ports = base.workload(deployment).spec().getContainers().stream()
                    .flatMap(c -> c.getPorts().stream())
                    .toList();
            Map<String, String> annotations =
                    base.workload(deployment).template().getAnnotations();
            assertEquals(1, spec.path("podMetricsEndpoints").size(), name);
            JsonNode endpoint = spec.path("podMetricsEndpoints").get(0);
            ContainerPort port = ports.stream()
                    .filter(p -> p.getName() != null
                            && p.getName().equals(endpoint.path("port").asText()))
                    .findFirst()
                    .orElseThrow(() -> new AssertionError(name + " scrapes a port the pods do not name"));
            assertEquals(
                    annotations.get("prometheus.io/port"),
                    port.getContainerPort().toString(),
                    name);
            assertEquals(
                    annotations.get("prometheus.io/path"), endpoint.path("path").asText(), name);
            assertEquals("app.kubernetes.io/name", spec.path("jobLabel").asText(), name + ": job is the service");
            monitored.put(deployment.getMetadata().getName(), name);
        }
        assertEquals(new TreeSet<>(Design.SERVICES), new TreeSet<>(monitored.keySet()), "every service is scraped");
    }

    @Test
    void every_alert_has_a_severity_a_summary_a_description_and_a_runbook_that_operations_md_has() {
        Set<String> anchors = anchors(Repository.read(OPERATIONS));
        List<JsonNode> alerts = alerts();
        assertTrue(alerts.size() >= 11, "the alerts of the issue: " + alerts.size());
        Set<String> names = new TreeSet<>();
        for (JsonNode alert : alerts) {
            String name = alert.path("alert").asText();
            assertFalse(name.isEmpty(), "only alerting rules: " + alert);
            assertTrue(names.add(name), name + " is named once");
            assertTrue(
                    Set.of("critical", "warning")
                            .contains(alert.path("labels").path("severity").asText()),
                    name + " has a severity");
            JsonNode annotations = alert.path("annotations");
            assertFalse(annotations.path("summary").asText().isBlank(), name + " has a summary");
            assertFalse(annotations.path("description").asText().isBlank(), name + " has a description");
            Matcher runbook = RUNBOOK.matcher(annotations.path("runbook_url").asText());
            assertTrue(runbook.matches(), name + " links a section of docs/operations.md");
            assertTrue(
                    anchors.contains(runbook.group(1)),
                    name + "'s runbook #" + runbook.group(1) + " is not a heading of docs/operations.md");
        }
        assertTrue(
                names.containsAll(Set.of(
                        "SsiScoresStale",
                        "SsiRolloverOverdue",
                        "SsiHighErrorRatio",
                        "SsiServiceUnavailable",
                        "SsiCircuitBreakerOpen",
                        "SsiLatencyOverObjective",
                        "SsiRescoringFailed",
                        "SsiKafkaConsumerLag",
                        "SsiPodRestarting")),
                names.toString());
    }

    @Test
    void the_alerts_and_the_dashboard_query_only_metrics_that_exist() throws IOException {
        Set<String> known = new TreeSet<>(SSI_METRICS);
        known.addAll(OTHER_METRICS);
        Map<String, Set<String>> unknown = new LinkedHashMap<>();
        List<String> queries = new ArrayList<>();
        alerts().forEach(alert -> queries.add(alert.path("expr").asText()));
        List<String> panels = dashboardQueries(dashboard());
        assertTrue(panels.size() >= 10, "the dashboard has a panel per key metric");
        queries.addAll(panels);
        Set<String> used = new TreeSet<>();
        for (String query : queries) {
            Set<String> metrics = metricsIn(query);
            assertFalse(metrics.isEmpty(), "no metric found in " + query);
            used.addAll(metrics);
            metrics.removeAll(known);
            if (!metrics.isEmpty()) {
                unknown.put(query, metrics);
            }
        }
        assertEquals(Map.of(), unknown, "metrics nobody writes");
        Set<String> unused = new TreeSet<>(SSI_METRICS);
        unused.removeAll(used);
        assertEquals(Set.of(), unused, "ssi_ metrics neither alerted on nor shown");
    }

    @Test
    void the_metric_check_reads_promql_as_prometheus_does() {
        assertEquals(
                Set.of("http_server_requests_seconds_bucket"),
                metricsIn("histogram_quantile(0.99, sum by (job, le) (rate(http_server_requests_seconds_bucket"
                        + "{uri!~\"/q/.*\", job=\"gateway\"}[$__rate_interval]))) > 0.5"));
        assertEquals(
                Set.of("ssi_job_last_success_timestamp_seconds"),
                metricsIn("time() - max by (namespace) (ssi_job_last_success_timestamp_seconds) > 26 * 3600"));
        assertEquals(Set.of("ssi_typo_total"), metricsIn("sum(increase(ssi_typo_total[5m])) > 0 and on() vector(1)"));
    }

    @Test
    void operations_md_lists_every_ssi_metric() {
        String operations = Repository.read(OPERATIONS);
        Set<String> missing = SSI_METRICS.stream()
                .filter(m -> !operations.contains("`" + m))
                .collect(Collectors.toCollection(TreeSet::new));
        assertEquals(Set.of(), missing, "ssi_ metrics docs/operations.md does not list");
    }

    @Test
    void promtool_accepts_the_rules_and_their_unit_tests_pass(@TempDir Path directory)
            throws IOException, InterruptedException {
        assumeTrue(promtoolAvailable(), "promtool (Prometheus's) is not installed");
        Path rules = directory.resolve("rules.yaml");
        Map<String, Object> groups = Map.of(
                "groups",
                JSON.convertValue(spec(custom("PrometheusRule").get(0)).path("groups"), List.class));
        new YAMLMapper().writeValue(rules.toFile(), groups);
        String check = promtool(directory, "check", "rules", rules.toString());
        assertTrue(check.contains("SUCCESS"), check);

        Path tests = directory.resolve("rules-test.yaml");
        try (var in = MonitoringTest.class.getResourceAsStream("/monitoring/rules-test.yaml")) {
            Files.write(tests, in.readAllBytes());
        }
        String test = promtool(directory, "test", "rules", tests.toString());
        assertTrue(test.contains("SUCCESS"), test);
    }

    private static boolean promtoolAvailable() {
        try {
            Process process = new ProcessBuilder(PROMTOOL, "--version")
                    .redirectErrorStream(true)
                    .start();
            process.getInputStream().readAllBytes();
            return process.waitFor(30, TimeUnit.SECONDS) && process.exitValue() == 0;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** Runs promtool in the directory; fails with its output when it exits with an error. */
    private static String promtool(Path directory, String... arguments) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>();
        command.add(PROMTOOL);
        command.addAll(List.of(arguments));
        Process process = new ProcessBuilder(command)
                .directory(directory.toFile())
                .redirectErrorStream(true)
                .start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(process.waitFor(60, TimeUnit.SECONDS), "promtool did not finish");
        assertEquals(0, process.exitValue(), String.join(" ", command) + ":\n" + output);
        return output;
    }
}
