package org.ssi.k8s;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.networking.v1.HTTPIngressPath;
import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import io.fabric8.kubernetes.api.model.networking.v1.IngressRule;
import io.fabric8.kubernetes.api.model.networking.v1.IngressTLS;
import java.io.IOException;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The gateway is the only way in, over TLS, and only for what a browser or a client of the public API needs: the web
 * pages (every file the gateway serves, found in its resources so that a new page cannot be forgotten), their login
 * settings, the API and its documentation; never health, metrics or the rest of /q. nginx admits the bodies the
 * services admit, no larger: the contract's limit everywhere, the bulk limit on the directory import only.
 */
class IngressTest {

    /** Where Quarkus serves the gateway's static files from. */
    private static final Path PAGES = Path.of("gateway/src/main/resources/META-INF/resources");

    /** What the pages read before anyone has logged in (PortalConfigResource). */
    private static final String PORTAL_CONFIG = "/portal/config";

    private static final String BODY_SIZE = "nginx.ingress.kubernetes.io/proxy-body-size";

    /** Where the body limits of every service are set (BodyLimitsConfig), and the keys they are set by. */
    private static final Path BODY_LIMITS =
            Path.of("problem/src/main/resources/META-INF/microprofile-config.properties");

    private static final String ORDINARY_LIMIT = "ssi.http.max-body-size";
    private static final String BULK_LIMIT = "quarkus.http.limits.max-body-size";
    private static final String BULK_PATHS = "ssi.http.bulk-paths";

    /** One route of an Ingress. */
    private record Route(Ingress ingress, HTTPIngressPath path) {

        boolean matches(String request) {
            return switch (path.getPathType()) {
                case "Exact" -> request.equals(path.getPath());
                case "Prefix" ->
                    path.getPath().equals("/")
                            || request.equals(path.getPath())
                            || request.startsWith(path.getPath().endsWith("/") ? path.getPath() : path.getPath() + "/");
                default -> true; // ImplementationSpecific: assume the worst
            };
        }

        /** Ingress precedence: an exact path first, then the longest prefix. */
        int precedence() {
            return ("Exact".equals(path.getPathType()) ? 1_000_000 : 0)
                    + path.getPath().length();
        }
    }

    static List<Render> renders() {
        return Renders.all();
    }

    @ParameterizedTest
    @MethodSource("renders")
    void the_gateway_is_the_only_public_entry_and_only_over_tls(Render render) {
        List<Ingress> ingresses = render.all(Ingress.class);
        assertFalse(ingresses.isEmpty());
        Set<String> backends = routes(render).stream()
                .map(r -> r.path().getBackend().getService().getName())
                .collect(Collectors.toSet());
        assertEquals(Set.of("gateway"), backends);
        Set<String> hosts = new TreeSet<>();
        for (Ingress ingress : ingresses) {
            String name = ingress.getMetadata().getName();
            Set<String> tlsHosts = ingress.getSpec().getTls().stream()
                    .peek(tls -> assertNotNull(tls.getSecretName(), name + ": TLS without a certificate"))
                    .map(IngressTLS::getHosts)
                    .flatMap(List::stream)
                    .collect(Collectors.toSet());
            for (IngressRule rule : ingress.getSpec().getRules()) {
                assertNotNull(rule.getHost(), name + ": a rule for every host is served without TLS");
                assertTrue(tlsHosts.contains(rule.getHost()), name + ": " + rule.getHost() + " is served without TLS");
                hosts.add(rule.getHost());
            }
        }
        assertEquals(1, hosts.size(), "one public name for the suite: " + hosts);
        for (Service service : render.all(Service.class)) {
            assertEquals(
                    "ClusterIP",
                    service.getSpec().getType(),
                    service.getMetadata().getName() + " is exposed");
        }
    }

    @ParameterizedTest
    @MethodSource("renders")
    void the_ingress_routes_every_file_of_the_web_pages_and_their_login_settings(Render render) {
        List<String> pages = pageRequests();
        assertTrue(pages.containsAll(List.of("/", "/index.html", "/app.js")), "the pages are where expected: " + pages);
        List<Route> routes = routes(render);
        for (String page : pages) {
            assertTrue(routes(routes, page), page + " is served by the gateway but not routed");
        }
        assertTrue(routes(routes, PORTAL_CONFIG), PORTAL_CONFIG + " is not routed: the pages cannot log in");
    }

    @ParameterizedTest
    @MethodSource("renders")
    void the_ingress_routes_the_api_and_its_documentation_but_not_health_metrics_or_the_rest_of_q(Render render) {
        List<Route> routes = routes(render);
        for (String published : List.of("/api/v1/me/ssi", "/api/v1/directory/import", "/q/openapi", "/q/swagger-ui/")) {
            assertTrue(routes(routes, published), published + " is not routed");
        }
        for (String internal : List.of(
                "/q/metrics",
                "/q/health",
                "/q/health/ready",
                "/q/health/live",
                "/q/health/started",
                "/q/dev-ui",
                "/q/info",
                "/q",
                "/q/",
                "/portal",
                "/portal/config/more",
                "/no-such-page.html")) {
            assertFalse(routes(routes, internal), internal + " is published");
        }
    }

    @Test
    void the_body_limits_are_set_once_for_every_service() {
        Properties limits = properties(BODY_LIMITS);
        assertNotNull(limits.getProperty(ORDINARY_LIMIT), BODY_LIMITS + " sets " + ORDINARY_LIMIT);
        assertNotNull(limits.getProperty(BULK_LIMIT), BODY_LIMITS + " sets " + BULK_LIMIT);
        assertTrue(bytes(limits.getProperty(ORDINARY_LIMIT)) < bytes(limits.getProperty(BULK_LIMIT)));
        for (String service : Design.SERVICES) {
            Properties own = properties(Path.of(service, "src/main/resources/application.properties"));
            for (String key : own.stringPropertyNames()) {
                String bare = key.startsWith("%") ? key.substring(key.indexOf('.') + 1) : key;
                assertFalse(
                        bare.equals(ORDINARY_LIMIT) || bare.equals(BULK_LIMIT),
                        service + " sets " + key + " again; the limits are " + BODY_LIMITS + "'s");
            }
        }
    }

    @ParameterizedTest
    @MethodSource("renders")
    void nginx_admits_the_bodies_the_services_admit_and_the_large_ones_only_on_the_bulk_paths(Render render) {
        Properties limits = properties(BODY_LIMITS);
        long ordinary = bytes(limits.getProperty(ORDINARY_LIMIT));
        long bulk = bytes(limits.getProperty(BULK_LIMIT));
        for (ConfigMap config : render.all(ConfigMap.class)) {
            Map<String, String> data = config.getData() == null ? Map.of() : config.getData();
            for (String key : List.of("SSI_HTTP_MAX_BODY_SIZE", "QUARKUS_HTTP_LIMITS_MAX_BODY_SIZE")) {
                assertFalse(data.containsKey(key), config.getMetadata().getName() + " sets " + key + " apart");
            }
        }
        List<Route> routes = routes(render);
        for (Route route : routes) {
            assertNotNull(
                    annotation(route.ingress(), BODY_SIZE),
                    route.ingress().getMetadata().getName() + " has nginx's default limit of 1 MiB");
        }
        List<String> bulkPaths = List.of(properties(Path.of("gateway/src/main/resources/application.properties"))
                .getProperty(BULK_PATHS)
                .split(","));
        for (String path : bulkPaths) {
            assertEquals(bulk, bodyLimit(routes, path.trim()), "the body limit of " + path);
        }
        for (String path :
                List.of("/api/v1/activities", "/api/v1/outcomes", "/api/v1/members/m-1", "/", "/q/openapi")) {
            assertEquals(ordinary, bodyLimit(routes, path), "the body limit of " + path);
        }
    }

    /** The request paths of the gateway's static files: each file, and each directory with an index page. */
    static List<String> pageRequests() {
        Path root = Repository.root().resolve(PAGES);
        List<String> requests = new ArrayList<>();
        try (Stream<Path> files = Files.walk(root)) {
            for (Path file : files.filter(Files::isRegularFile).sorted().toList()) {
                String request = "/" + root.relativize(file).toString().replace('\\', '/');
                requests.add(request);
                if (request.endsWith("/index.html")) {
                    requests.add(request.substring(0, request.length() - "index.html".length()));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return requests;
    }

    private static List<Route> routes(Render render) {
        return render.all(Ingress.class).stream()
                .flatMap(ingress -> ingress.getSpec().getRules().stream()
                        .flatMap(rule -> rule.getHttp().getPaths().stream())
                        .map(path -> new Route(ingress, path)))
                .toList();
    }

    private static boolean routes(List<Route> routes, String request) {
        return routes.stream().anyMatch(route -> route.matches(request));
    }

    /** The limit of the Ingress that serves a request: the one whose path takes precedence. */
    private static long bodyLimit(List<Route> routes, String request) {
        Optional<Route> serving =
                routes.stream().filter(route -> route.matches(request)).max(Comparator.comparingInt(Route::precedence));
        assertTrue(serving.isPresent(), request + " is not routed");
        return bytes(annotation(serving.get().ingress(), BODY_SIZE));
    }

    private static String annotation(Ingress ingress, String name) {
        Map<String, String> annotations = ingress.getMetadata().getAnnotations();
        return annotations == null ? null : annotations.get(name);
    }

    private static Properties properties(Path file) {
        Properties properties = new Properties();
        try {
            properties.load(new StringReader(Repository.read(Repository.root().resolve(file))));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return properties;
    }

    /**
     * A size as Quarkus (MemorySize: 16M) or nginx (16m) writes it; both count a kilobyte as 1024 bytes, and nginx
     * knows no unit past g.
     */
    static long bytes(String size) {
        String text = size.trim().toLowerCase(Locale.ROOT);
        char unit = text.charAt(text.length() - 1);
        int power = "kmgt".indexOf(unit) + 1;
        long number = Long.parseLong(power == 0 ? text : text.substring(0, text.length() - 1));
        return number << (10 * power);
    }
}
