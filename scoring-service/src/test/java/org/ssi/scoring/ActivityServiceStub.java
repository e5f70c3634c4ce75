package org.ssi.scoring;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * activity-service's {@code POST /internal/member-inputs} as a real HTTP server on a port of its own, answering for
 * each member asked what a test gave it: the inputs, the member among the unknown ones, a 500 for the whole request
 * while a member is made to fail, or nothing yet while a test holds a member's answer back. Every other request is a
 * 404. It stands in for activity-service only where a test needs it to fail or hold back on cue.
 */
final class ActivityServiceStub implements AutoCloseable {

    private static final String INPUTS = "/internal/member-inputs";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final HttpServer server;
    private final Map<String, String> inputs = new ConcurrentHashMap<>();
    private final Set<String> failing = ConcurrentHashMap.newKeySet();
    private final Map<String, CountDownLatch> held = new ConcurrentHashMap<>();
    private final Map<String, Integer> asked = new ConcurrentHashMap<>();

    ActivityServiceStub(int port) {
        try {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.createContext("/", this::answer);
        server.setExecutor(Executors.newCachedThreadPool());
        server.start();
    }

    /**
     * A free port for the stub, the same for the test class and its profile: they are loaded by different class
     * loaders, so the choice is kept in a system property rather than a static field.
     */
    static synchronized int port() {
        String key = "ssi.scoring.test-port.activity";
        String chosen = System.getProperty(key);
        if (chosen != null) {
            return Integer.parseInt(chosen);
        }
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            System.setProperty(key, Integer.toString(socket.getLocalPort()));
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Answers the member's inputs (the JSON of a {@code MemberInputs}). */
    void knows(String memberId, String inputsJson) {
        inputs.put(memberId, inputsJson);
    }

    /** Answers 500 for the member until {@link #recovers}. */
    void fails(String memberId) {
        failing.add(memberId);
    }

    void recovers(String memberId) {
        failing.remove(memberId);
    }

    /** Holds the member's answers back until the latch is counted down. */
    CountDownLatch holds(String memberId) {
        return held.computeIfAbsent(memberId, m -> new CountDownLatch(1));
    }

    /** How many times the member's inputs were asked for. */
    int asked(String memberId) {
        return asked.getOrDefault(memberId, 0);
    }

    private void answer(HttpExchange exchange) throws IOException {
        try (exchange) {
            if (!"POST".equals(exchange.getRequestMethod())
                    || !INPUTS.equals(exchange.getRequestURI().getPath())) {
                exchange.sendResponseHeaders(404, -1);
                return;
            }
            JsonNode request = JSON.readTree(exchange.getRequestBody());
            ObjectNode batch =
                    JSON.createObjectNode().put("day", request.path("day").asText());
            ArrayNode known = batch.putArray("inputs");
            ArrayNode unknown = batch.putArray("unknown");
            boolean failed = false;
            for (JsonNode asking : request.path("members")) {
                String member = asking.asText();
                asked.merge(member, 1, Integer::sum);
                awaitRelease(member);
                failed |= failing.contains(member);
                String body = inputs.get(member);
                if (body == null) {
                    unknown.add(member);
                } else {
                    known.add(JSON.readTree(body));
                }
            }
            if (failed) {
                exchange.sendResponseHeaders(500, -1);
                return;
            }
            byte[] bytes = JSON.writeValueAsBytes(batch);
            exchange.getResponseHeaders().set("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, bytes.length);
            exchange.getResponseBody().write(bytes);
        }
    }

    private void awaitRelease(String member) {
        CountDownLatch latch = held.get(member);
        if (latch == null) {
            return;
        }
        try {
            latch.await(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
