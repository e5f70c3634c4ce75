package org.ssi.k8s;

import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.api.model.LabelSelectorRequirement;
import io.fabric8.kubernetes.api.model.networking.v1.IPBlock;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPeer;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPort;
import java.math.BigInteger;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * What the NetworkPolicies of one namespace allow, evaluated the way Kubernetes does: a pod selected by no policy of a
 * direction is open in that direction; a selected pod accepts only what some rule of a selecting policy allows, and a
 * connection needs both the sender's egress and the receiver's ingress.
 */
final class NetworkModel {

    /** A pod somewhere: its labels, its namespace's labels, and its IP when it is outside the cluster. */
    record Endpoint(Map<String, String> labels, Map<String, String> namespaceLabels, String ip) {

        static Endpoint pod(String namespace, Map<String, String> labels) {
            return new Endpoint(labels, Map.of("kubernetes.io/metadata.name", namespace), null);
        }

        static Endpoint external(String ip) {
            return new Endpoint(Map.of(), Map.of(), ip);
        }

        boolean inNamespace(String namespace) {
            return ip == null && namespace.equals(namespaceLabels.get("kubernetes.io/metadata.name"));
        }
    }

    private final String namespace;
    private final List<NetworkPolicy> policies;

    NetworkModel(Render render) {
        this.namespace = render.namespace();
        this.policies = render.all(NetworkPolicy.class);
    }

    Endpoint pod(Map<String, String> labels) {
        return Endpoint.pod(namespace, labels);
    }

    boolean allows(Endpoint from, Endpoint to, int port, String protocol) {
        return egressAllowed(from, to, port, protocol) && ingressAllowed(from, to, port, protocol);
    }

    boolean ingressAllowed(Endpoint from, Endpoint to, int port, String protocol) {
        if (!to.inNamespace(namespace)) {
            return true; // another namespace's policies are not ours to judge
        }
        List<NetworkPolicy> selecting = selecting(to, "Ingress");
        return selecting.isEmpty()
                || selecting.stream()
                        .flatMap(p -> p.getSpec().getIngress().stream())
                        .anyMatch(rule ->
                                peersMatch(rule.getFrom(), from) && portsMatch(rule.getPorts(), port, protocol));
    }

    boolean egressAllowed(Endpoint from, Endpoint to, int port, String protocol) {
        if (!from.inNamespace(namespace)) {
            return true;
        }
        List<NetworkPolicy> selecting = selecting(from, "Egress");
        return selecting.isEmpty()
                || selecting.stream()
                        .flatMap(p -> p.getSpec().getEgress().stream())
                        .anyMatch(rule -> peersMatch(rule.getTo(), to) && portsMatch(rule.getPorts(), port, protocol));
    }

    /** The policies that isolate this pod in one direction. */
    List<NetworkPolicy> selecting(Endpoint pod, String direction) {
        return policies.stream()
                .filter(p -> types(p).contains(direction))
                .filter(p -> matches(p.getSpec().getPodSelector(), pod.labels()))
                .toList();
    }

    static List<String> types(NetworkPolicy policy) {
        List<String> types = policy.getSpec().getPolicyTypes();
        if (types != null && !types.isEmpty()) {
            return types;
        }
        return policy.getSpec().getEgress() == null
                        || policy.getSpec().getEgress().isEmpty()
                ? List.of("Ingress")
                : List.of("Ingress", "Egress");
    }

    private boolean peersMatch(List<NetworkPolicyPeer> peers, Endpoint endpoint) {
        return peers == null || peers.isEmpty() || peers.stream().anyMatch(peer -> peerMatches(peer, endpoint));
    }

    private boolean peerMatches(NetworkPolicyPeer peer, Endpoint endpoint) {
        if (peer.getIpBlock() != null) {
            return endpoint.ip() != null && inBlock(peer.getIpBlock(), endpoint.ip());
        }
        if (endpoint.ip() != null) {
            return false;
        }
        boolean namespaceMatches = peer.getNamespaceSelector() == null
                ? endpoint.inNamespace(namespace)
                : matches(peer.getNamespaceSelector(), endpoint.namespaceLabels());
        boolean podMatches = peer.getPodSelector() == null || matches(peer.getPodSelector(), endpoint.labels());
        return namespaceMatches && podMatches;
    }

    private static boolean portsMatch(List<NetworkPolicyPort> ports, int port, String protocol) {
        return ports == null
                || ports.isEmpty()
                || ports.stream()
                        .anyMatch(p -> portMatches(p, port) && protocolOf(p).equals(protocol));
    }

    private static boolean portMatches(NetworkPolicyPort rule, int port) {
        IntOrString number = rule.getPort();
        if (number == null) {
            return true;
        }
        if (number.getIntVal() == null) {
            throw new IllegalStateException("Named ports in NetworkPolicies are not modelled: " + number.getStrVal());
        }
        int first = number.getIntVal();
        int last = rule.getEndPort() == null ? first : rule.getEndPort();
        return port >= first && port <= last;
    }

    static String protocolOf(NetworkPolicyPort port) {
        return port.getProtocol() == null ? "TCP" : port.getProtocol();
    }

    static boolean matches(LabelSelector selector, Map<String, String> labels) {
        if (selector == null) {
            return true;
        }
        Map<String, String> required = selector.getMatchLabels() == null ? Map.of() : selector.getMatchLabels();
        boolean labelsMatch =
                required.entrySet().stream().allMatch(e -> Objects.equals(labels.get(e.getKey()), e.getValue()));
        List<LabelSelectorRequirement> expressions =
                selector.getMatchExpressions() == null ? List.of() : selector.getMatchExpressions();
        return labelsMatch && expressions.stream().allMatch(e -> expressionMatches(e, labels));
    }

    private static boolean expressionMatches(LabelSelectorRequirement expression, Map<String, String> labels) {
        String value = labels.get(expression.getKey());
        return switch (expression.getOperator()) {
            case "In" -> value != null && expression.getValues().contains(value);
            case "NotIn" -> value == null || !expression.getValues().contains(value);
            case "Exists" -> value != null;
            case "DoesNotExist" -> value == null;
            default -> throw new IllegalStateException("Unknown selector operator " + expression.getOperator());
        };
    }

    private static boolean inBlock(IPBlock block, String ip) {
        boolean except = block.getExcept() != null && block.getExcept().stream().anyMatch(cidr -> inCidr(cidr, ip));
        return inCidr(block.getCidr(), ip) && !except;
    }

    static boolean inCidr(String cidr, String ip) {
        String[] parts = cidr.split("/");
        try {
            byte[] network = InetAddress.getByName(parts[0]).getAddress();
            byte[] address = InetAddress.getByName(ip).getAddress();
            if (network.length != address.length) {
                return false;
            }
            int bits = network.length * 8;
            int prefix = parts.length == 1 ? bits : Integer.parseInt(parts[1]);
            BigInteger mask = prefix == 0
                    ? BigInteger.ZERO
                    : BigInteger.ONE
                            .shiftLeft(bits)
                            .subtract(BigInteger.ONE)
                            .shiftRight(bits - prefix)
                            .shiftLeft(bits - prefix);
            return new BigInteger(1, network).and(mask).equals(new BigInteger(1, address).and(mask));
        } catch (UnknownHostException e) {
            throw new IllegalStateException("Not an IP range: " + cidr, e);
        }
    }
}
