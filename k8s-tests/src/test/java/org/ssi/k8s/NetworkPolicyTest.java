package org.ssi.k8s;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvFromSource;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyEgressRule;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPeer;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPort;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.ssi.k8s.Design.Call;
import org.ssi.k8s.NetworkModel.Endpoint;

/**
 * The NetworkPolicies, evaluated as Kubernetes would: default deny; the gateway alone reachable from the ingress
 * controller; each service reachable only from its designed callers; egress only to DNS, PostgreSQL, the identity
 * provider and the designed calls.
 */
class NetworkPolicyTest {

    private static final Pattern URL = Pattern.compile("https?://([a-z0-9-]+)(\\.[a-z0-9.-]+)?(:(\\d+))?");
    private static final Endpoint KUBE_DNS = Endpoint.pod("kube-system", Map.of("k8s-app", "kube-dns"));
    private static final Endpoint INGRESS_CONTROLLER =
            Endpoint.pod(Design.INGRESS_CONTROLLER_NAMESPACE, Map.of("app.kubernetes.io/name", "ingress-nginx"));
    private static final Endpoint PROMETHEUS =
            Endpoint.pod("monitoring", Map.of("app.kubernetes.io/name", "prometheus"));
    private static final Endpoint ELSEWHERE = Endpoint.pod("elsewhere", Map.of("app.kubernetes.io/name", "gateway"));
    private static final Endpoint KAFKA_BROKER = Endpoint.pod(Design.KAFKA_NAMESPACE, Design.KAFKA_BROKER_POD);
    /** Any address on the internet that is not the identity provider. */
    private static final Endpoint INTERNET = Endpoint.external("1.1.1.1");

    static List<Render> renders() {
        return Renders.all();
    }

    @ParameterizedTest
    @MethodSource("renders")
    void the_namespace_denies_all_traffic_by_default(Render render) {
        boolean defaultDeny = render.all(NetworkPolicy.class).stream()
                .anyMatch(p -> isEmpty(p.getSpec().getPodSelector())
                        && NetworkModel.types(p).containsAll(List.of("Ingress", "Egress"))
                        && p.getSpec().getIngress().isEmpty()
                        && p.getSpec().getEgress().isEmpty());
        assertTrue(defaultDeny, "no default-deny policy");
        NetworkModel model = new NetworkModel(render);
        Endpoint stranger = model.pod(Map.of("app", "stranger"));
        for (Render.Workload workload : services(render)) {
            assertFalse(model.allows(stranger, model.pod(workload.labels()), port(workload), "TCP"), workload.name());
        }
        assertFalse(model.allows(stranger, model.pod(Design.DATABASE_POD), Design.POSTGRES_PORT, "TCP"));
        assertFalse(model.allows(stranger, INTERNET, 443, "TCP"));
    }

    @ParameterizedTest
    @MethodSource("renders")
    void every_deployment_has_its_own_ingress_and_egress_policy(Render render) {
        NetworkModel model = new NetworkModel(render);
        for (Render.Workload workload : services(render)) {
            for (String direction : List.of("Ingress", "Egress")) {
                boolean own = model.selecting(model.pod(workload.labels()), direction).stream()
                        .anyMatch(p -> workload.name().equals(selectedName(p)));
                assertTrue(own, workload.name() + " has no " + direction + " policy of its own");
            }
        }
    }

    @ParameterizedTest
    @MethodSource("renders")
    void services_reach_each_other_exactly_along_the_designed_calls(Render render) {
        NetworkModel model = new NetworkModel(render);
        Set<Call> allowed = new HashSet<>();
        for (Render.Workload from : services(render)) {
            for (Render.Workload to : services(render)) {
                if (!from.name().equals(to.name())
                        && model.allows(model.pod(from.labels()), model.pod(to.labels()), port(to), "TCP")) {
                    allowed.add(new Call(from.name(), to.name()));
                }
            }
        }
        assertEquals(Design.CALLS, allowed);
    }

    @ParameterizedTest
    @MethodSource("renders")
    void the_configured_service_urls_are_exactly_the_designed_calls(Render render) {
        Set<Call> configured = new HashSet<>();
        for (Render.Workload from : services(render)) {
            for (String value :
                    configuration(render, from.spec().getContainers().get(0))) {
                Matcher url = URL.matcher(value);
                while (url.find()) {
                    Service service = render.named(Service.class, url.group(1)).orElse(null);
                    if (service == null) {
                        continue; // not a service of the suite (the identity provider)
                    }
                    int servicePort = url.group(4) == null ? 80 : Integer.parseInt(url.group(4));
                    assertTrue(
                            service.getSpec().getPorts().stream().anyMatch(p -> p.getPort() == servicePort),
                            from.name() + " calls " + value + " on a port the Service does not have");
                    configured.add(
                            new Call(from.name(), backend(render, service).name()));
                }
            }
        }
        assertEquals(Design.CALLS, configured);
    }

    @ParameterizedTest
    @MethodSource("renders")
    void only_the_gateway_accepts_traffic_from_the_ingress_controller(Render render) {
        NetworkModel model = new NetworkModel(render);
        for (Render.Workload workload : services(render)) {
            Endpoint pod = model.pod(workload.labels());
            assertEquals(
                    workload.name().equals("gateway"),
                    model.ingressAllowed(INGRESS_CONTROLLER, pod, port(workload), "TCP"),
                    workload.name());
            assertFalse(model.ingressAllowed(ELSEWHERE, pod, port(workload), "TCP"), workload.name());
        }
    }

    @ParameterizedTest
    @MethodSource("renders")
    void only_the_feed_services_reach_kafka_and_only_where_the_feeds_run_on_it(Render render) {
        NetworkModel model = new NetworkModel(render);
        boolean kafka = render.name().equals("kafka");
        for (Render.Workload workload : render.workloads()) {
            boolean expected =
                    kafka && workload.kind().equals("Deployment") && Design.FEED_SERVICES.contains(workload.name());
            assertEquals(
                    expected,
                    model.egressAllowed(model.pod(workload.labels()), KAFKA_BROKER, Design.KAFKA_PORT, "TCP"),
                    workload + " to the Kafka brokers");
        }
    }

    @ParameterizedTest
    @MethodSource("renders")
    void prometheus_may_scrape_every_service_but_not_the_database(Render render) {
        NetworkModel model = new NetworkModel(render);
        for (Render.Workload workload : services(render)) {
            assertTrue(
                    model.ingressAllowed(PROMETHEUS, model.pod(workload.labels()), port(workload), "TCP"),
                    workload.name());
        }
        assertFalse(model.ingressAllowed(PROMETHEUS, model.pod(Design.DATABASE_POD), Design.POSTGRES_PORT, "TCP"));
    }

    @ParameterizedTest
    @MethodSource("renders")
    void the_database_accepts_only_the_database_services_and_their_migrations(Render render) {
        NetworkModel model = new NetworkModel(render);
        Endpoint database = model.pod(Design.DATABASE_POD);
        for (Render.Workload workload : render.workloads()) {
            boolean owner = Design.SCHEMAS.containsKey(workload.labels().get("app.kubernetes.io/name"));
            assertEquals(
                    owner,
                    model.allows(model.pod(workload.labels()), database, Design.POSTGRES_PORT, "TCP"),
                    workload.toString());
        }
    }

    @ParameterizedTest
    @MethodSource("renders")
    void every_pod_resolves_names_and_every_service_reaches_only_the_identity_provider_outside(Render render) {
        NetworkModel model = new NetworkModel(render);
        for (Render.Workload workload : render.workloads()) {
            Endpoint pod = model.pod(workload.labels());
            assertTrue(model.allows(pod, KUBE_DNS, 53, "UDP"), workload + " DNS over UDP");
            assertTrue(model.allows(pod, KUBE_DNS, 53, "TCP"), workload + " DNS over TCP");
            assertFalse(model.allows(pod, INTERNET, 443, "TCP"), workload + " reaches the internet");
            boolean server = workload.kind().equals("Deployment");
            assertEquals(server, reachesIdentityProvider(render, model, pod), workload + " identity provider");
        }
    }

    @ParameterizedTest
    @MethodSource("renders")
    void service_egress_goes_only_to_dns_the_database_the_identity_provider_and_designed_calls(Render render) {
        NetworkModel model = new NetworkModel(render);
        List<String> unexpected = new ArrayList<>();
        for (Render.Workload workload : render.workloads()) {
            for (NetworkPolicy policy : model.selecting(model.pod(workload.labels()), "Egress")) {
                for (NetworkPolicyEgressRule rule : policy.getSpec().getEgress()) {
                    String where = workload + " via " + policy.getMetadata().getName();
                    if (rule.getTo().isEmpty() || rule.getPorts().isEmpty()) {
                        unexpected.add(where + ": a rule open to every destination or port");
                        continue;
                    }
                    for (NetworkPolicyPeer peer : rule.getTo()) {
                        String kind = classify(render, workload, peer, ports(rule.getPorts()));
                        if (kind != null) {
                            unexpected.add(where + ": " + kind);
                        }
                    }
                }
            }
        }
        assertEquals(List.of(), unexpected);
    }

    /** Why an egress peer is not allowed, or null when it is DNS, the database, the provider or a designed call. */
    private static String classify(Render render, Render.Workload from, NetworkPolicyPeer peer, Set<Integer> ports) {
        String name = from.labels().get("app.kubernetes.io/name");
        if (peer.getIpBlock() != null) {
            String cidr = peer.getIpBlock().getCidr();
            int prefix = Integer.parseInt(cidr.substring(cidr.indexOf('/') + 1));
            return from.kind().equals("Deployment") && ports.equals(Set.of(443)) && prefix >= 16
                    ? null
                    : "address range " + cidr + " on " + ports;
        }
        if (peer.getNamespaceSelector() != null) {
            boolean dns = NetworkModel.matches(peer.getNamespaceSelector(), KUBE_DNS.namespaceLabels())
                    && !isEmpty(peer.getNamespaceSelector())
                    && NetworkModel.matches(peer.getPodSelector(), KUBE_DNS.labels())
                    && !isEmpty(peer.getPodSelector())
                    && ports.equals(Set.of(53));
            boolean kafka = NetworkModel.matches(peer.getNamespaceSelector(), KAFKA_BROKER.namespaceLabels())
                    && !isEmpty(peer.getNamespaceSelector())
                    && NetworkModel.matches(peer.getPodSelector(), KAFKA_BROKER.labels())
                    && !isEmpty(peer.getPodSelector())
                    && from.kind().equals("Deployment")
                    && Design.FEED_SERVICES.contains(name)
                    && ports.equals(Set.of(Design.KAFKA_PORT));
            return dns || kafka ? null : "another namespace on " + ports;
        }
        if (NetworkModel.matches(peer.getPodSelector(), Design.DATABASE_POD)) {
            return Design.SCHEMAS.containsKey(name) && ports.equals(Set.of(Design.POSTGRES_PORT))
                    ? null
                    : "the database on " + ports;
        }
        for (Render.Workload to : services(render)) {
            if (NetworkModel.matches(peer.getPodSelector(), to.labels())) {
                boolean designed = from.kind().equals("Deployment")
                        && Design.CALLS.contains(new Call(name, to.name()))
                        && ports.equals(Set.of(port(to)));
                if (!designed) {
                    return "a call to " + to.name() + " on " + ports;
                }
            }
        }
        return null;
    }

    private static boolean reachesIdentityProvider(Render render, NetworkModel model, Endpoint pod) {
        return render.all(NetworkPolicy.class).stream()
                .flatMap(p -> p.getSpec().getEgress().stream())
                .flatMap(rule -> rule.getTo().stream())
                .filter(peer -> peer.getIpBlock() != null)
                .map(peer -> peer.getIpBlock().getCidr().split("/")[0])
                .anyMatch(address -> model.allows(pod, Endpoint.external(address), 443, "TCP"));
    }

    static List<Render.Workload> services(Render render) {
        return render.workloads().stream()
                .filter(w -> w.kind().equals("Deployment"))
                .toList();
    }

    static int port(Render.Workload workload) {
        return PodHardeningTest.httpPort(workload.spec().getContainers().get(0));
    }

    private static Render.Workload backend(Render render, Service service) {
        return services(render).stream()
                .filter(w -> w.labels()
                        .entrySet()
                        .containsAll(service.getSpec().getSelector().entrySet()))
                .findFirst()
                .orElseThrow();
    }

    /** The environment a container starts with: its ConfigMaps' values and its literal variables. */
    static List<String> configuration(Render render, Container container) {
        List<String> values = new ArrayList<>();
        for (EnvFromSource source : Pods.envFrom(container)) {
            if (source.getConfigMapRef() != null) {
                render.named(ConfigMap.class, source.getConfigMapRef().getName())
                        .ifPresent(map -> values.addAll(map.getData().values()));
            }
        }
        Pods.envVars(container).stream()
                .map(EnvVar::getValue)
                .filter(v -> v != null)
                .forEach(values::add);
        return values;
    }

    private static Set<Integer> ports(List<NetworkPolicyPort> ports) {
        return ports.stream().map(p -> p.getPort().getIntVal()).collect(Collectors.toSet());
    }

    private static String selectedName(NetworkPolicy policy) {
        var labels = policy.getSpec().getPodSelector().getMatchLabels();
        return labels == null ? null : labels.get("app.kubernetes.io/name");
    }

    private static boolean isEmpty(LabelSelector selector) {
        return selector == null
                || ((selector.getMatchLabels() == null
                                || selector.getMatchLabels().isEmpty())
                        && (selector.getMatchExpressions() == null
                                || selector.getMatchExpressions().isEmpty()));
    }
}
