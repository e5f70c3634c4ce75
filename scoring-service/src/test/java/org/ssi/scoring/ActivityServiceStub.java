package org.ssi.scoring;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * activity-service's {@code GET /internal/members/{id}/inputs} as a real HTTP server on a port of its own, answering
 * what a test gave it for a member: the inputs, a 500 while the member is made to fail, or nothing yet while a test
 * holds the member's answer back. Every other path is a 404.
 */
final class ActivityServiceStub implements AutoCloseable {

    private static final String INPUTS = "/internal/members/";

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
            String path = exchange.getRequestURI().getPath();
            if (!"GET".equals(exchange.getRequestMethod()) || !path.startsWith(INPUTS) || !path.endsWith("/inputs")) {
                exchange.sendResponseHeaders(404, -1);
                return;
            }
            String member = path.substring(INPUTS.length(), path.length() - "/inputs".length());
            asked.merge(member, 1, Integer::sum);
            awaitRelease(member);
            String body = inputs.get(member);
            if (failing.contains(member) || body == null) {
                exchange.sendResponseHeaders(failing.contains(member) ? 500 : 404, -1);
                return;
            }
            byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
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
