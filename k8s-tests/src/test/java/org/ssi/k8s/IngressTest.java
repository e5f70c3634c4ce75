package org.ssi.k8s;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.networking.v1.HTTPIngressPath;
import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import io.fabric8.kubernetes.api.model.networking.v1.IngressRule;
import io.fabric8.kubernetes.api.model.networking.v1.IngressTLS;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** The gateway is the only way in, over TLS, and only for the public API and its documentation. */
class IngressTest {

    static List<Render> renders() {
        return Renders.all();
    }

    @ParameterizedTest
    @MethodSource("renders")
    void the_gateway_is_the_only_public_entry_and_only_over_tls(Render render) {
        List<Ingress> ingresses = render.all(Ingress.class);
        assertEquals(1, ingresses.size());
        Ingress ingress = ingresses.get(0);
        Set<String> backends = paths(ingress).stream()
                .map(p -> p.getBackend().getService().getName())
                .collect(Collectors.toSet());
        assertEquals(Set.of("gateway"), backends);
        Set<String> tlsHosts = ingress.getSpec().getTls().stream()
                .peek(tls -> assertNotNull(tls.getSecretName(), "TLS without a certificate"))
                .map(IngressTLS::getHosts)
                .flatMap(List::stream)
                .collect(Collectors.toSet());
        for (IngressRule rule : ingress.getSpec().getRules()) {
            assertNotNull(rule.getHost(), "a rule for every host is served without TLS");
            assertTrue(tlsHosts.contains(rule.getHost()), rule.getHost() + " is served without TLS");
        }
        for (Service service : render.all(Service.class)) {
            assertEquals(
                    "ClusterIP",
                    service.getSpec().getType(),
                    service.getMetadata().getName() + " is exposed");
        }
    }

    @ParameterizedTest
    @MethodSource("renders")
    void the_ingress_routes_the_api_but_not_health_or_metrics(Render render) {
        List<HTTPIngressPath> paths = paths(render.all(Ingress.class).get(0));
        assertTrue(routes(paths, "/api/v1/me/ssi"));
        assertTrue(routes(paths, "/q/openapi"));
        for (String internal : List.of("/q/metrics", "/q/health", "/q/health/ready", "/q/dev-ui")) {
            assertFalse(routes(paths, internal), internal + " is published");
        }
    }

    private static List<HTTPIngressPath> paths(Ingress ingress) {
        return ingress.getSpec().getRules().stream()
                .flatMap(r -> r.getHttp().getPaths().stream())
                .toList();
    }

    /** Ingress path matching: Exact is the whole path, Prefix matches whole path elements. */
    private static boolean routes(List<HTTPIngressPath> paths, String request) {
        return paths.stream().anyMatch(p -> switch (p.getPathType()) {
            case "Exact" -> request.equals(p.getPath());
            case "Prefix" ->
                p.getPath().equals("/")
                        || request.equals(p.getPath())
                        || request.startsWith(p.getPath().endsWith("/") ? p.getPath() : p.getPath() + "/");
            default -> true; // ImplementationSpecific: assume the worst
        });
    }
}
