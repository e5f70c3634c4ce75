package org.ssi.k8s;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fabric8.kubernetes.api.model.Container;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * What an operator reads in a cluster: every service logs JSON lines (with the trace, span and request ids of the
 * MDC) and one access-log line per request; traces are exported only where a collector is named.
 */
class LogsAndTracesTest {

    static List<Render> renders() {
        return Renders.all();
    }

    @ParameterizedTest
    @MethodSource("renders")
    void every_service_logs_json_and_an_access_log(Render render) {
        List<Render.Workload> services = NetworkPolicyTest.services(render);
        assertFalse(services.isEmpty(), render + " has services");
        for (Render.Workload workload : services) {
            Container container = workload.spec().getContainers().get(0);
            assertEquals(
                    "true",
                    SecretsAndConfigTest.value(render, container, "QUARKUS_LOG_CONSOLE_JSON_ENABLED"),
                    workload + " logs JSON");
            assertEquals(
                    "true",
                    SecretsAndConfigTest.value(render, container, "QUARKUS_HTTP_ACCESS_LOG_ENABLED"),
                    workload + " writes an access log");
        }
    }

    @ParameterizedTest
    @MethodSource("renders")
    void a_service_exports_traces_only_to_a_collector_it_is_given(Render render) {
        for (Render.Workload workload : NetworkPolicyTest.services(render)) {
            Container container = workload.spec().getContainers().get(0);
            String disabled = SecretsAndConfigTest.value(render, container, "QUARKUS_OTEL_SDK_DISABLED");
            if ("false".equals(disabled)) {
                String endpoint =
                        SecretsAndConfigTest.value(render, container, "QUARKUS_OTEL_EXPORTER_OTLP_TRACES_ENDPOINT");
                assertTrue(
                        endpoint != null && endpoint.startsWith("http"),
                        workload + " exports traces, so it names the collector: " + endpoint);
            } else {
                assertEquals("true", disabled, workload + " states whether it exports traces");
            }
        }
    }
}
