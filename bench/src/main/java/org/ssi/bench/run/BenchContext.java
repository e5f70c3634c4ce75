package org.ssi.bench.run;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Map;
import java.util.stream.Stream;
import org.ssi.devstack.Http;
import org.ssi.devstack.ManagedProcess;
import org.ssi.devstack.Stack;
import org.ssi.devstack.StackConfig;

/**
 * The running stack as the benchmarks see it: URLs, tokens, HTTP, the database, the processes. Closing it stops the
 * stack (the one started last, after a warm start).
 */
public final class BenchContext implements AutoCloseable {

    private static final Duration TOKEN_REFRESH = Duration.ofMinutes(5);

    /** Replaced by a warm start ({@link #restartStack()}); null when that start failed. */
    private Stack stack;

    private final HttpClient http = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(10))
            .build();
    private final Map<String, String> tokens = new HashMap<>();
    private final Map<String, Instant> tokenTimes = new HashMap<>();
    private final Map<String, Double> idleRss = new HashMap<>();
    private Population population;

    /** The stack being measured (a new one after {@link #restartStack()}). */
    public Stack stack() {
        return stack;
    }

    public BenchContext(Stack stack) {
        this.stack = stack;
    }

    public StackConfig config() {
        return stack.config();
    }

    /** Stops a service (as a shutdown does) and starts it again as the stack started it; waits until it is ready. */
    public void restart(String service) throws IOException {
        stack.stop(service);
        stack.restart(service);
    }

    /**
     * Stops the whole stack (services, Keycloak, PostgreSQL; the data is kept) and starts it again with the same
     * configuration: the same home, data and ports. Answers the seconds from the start call until every service
     * answered ready.
     */
    public double restartStack() throws IOException {
        StackConfig config = stack.config();
        Stack stopped = stack;
        stack = null;
        stopped.close();
        Thread nudge = BenchCommand.nudgeGateway(config);
        Instant start = Instant.now();
        try {
            stack = Stack.start(config);
            return Population.seconds(start);
        } finally {
            nudge.interrupt();
        }
    }

    /** Stops the stack; the data is kept. */
    @Override
    public void close() {
        if (stack != null) {
            stack.close();
        }
    }

    public String gateway() {
        return "http://localhost:" + config().gatewayPort();
    }

    public String activity() {
        return "http://localhost:" + config().activityPort();
    }

    public String scoring() {
        return "http://localhost:" + config().scoringPort();
    }

    public String ranking() {
        return "http://localhost:" + config().rankingPort();
    }

    /** The shared population (members, 90 days of aggregates), created on first use. */
    public synchronized Population population() {
        if (population == null) {
            population = Population.create(this);
        }
        return population;
    }

    /** Remembers a service's RSS right after start, before any load. */
    public void rememberIdleRss(String service, double mb) {
        idleRss.put(service, mb);
    }

    /** The service's RSS right after start, in MB (NaN when not measured). */
    public double startupRss(String service) {
        return idleRss.getOrDefault(service, Double.NaN);
    }

    public ManagedProcess process(String name) {
        return stack.processes().stream()
                .filter(p -> p.name().equals(name))
                .findFirst()
                .orElseThrow(() -> new IllegalStateException("No process " + name));
    }

    /** Every process of the stack, Keycloak included, in start order. */
    public java.util.List<ManagedProcess> processes() {
        return java.util.List.copyOf(stack.processes());
    }

    public java.util.List<ManagedProcess> services() {
        return stack.processes().stream()
                .filter(p -> !p.name().equals("keycloak"))
                .toList();
    }

    /** A token of the ssi-ingest client. */
    public String ingestToken() {
        return token(
                "ingest",
                () -> Http.clientToken(
                        config().realmUrl(), "ssi-ingest", stack.secrets().ingest()));
    }

    /** A token of the suite's own client ssi-service: the only token the internal services accept. */
    public String serviceToken() {
        return token(
                "service",
                () -> Http.clientToken(
                        config().realmUrl(), "ssi-service", stack.secrets().service()));
    }

    /** The headers of a call straight to a service as the gateway makes it for the caller with the roles. */
    public Map<String, String> viaGateway(String caller, String... roles) {
        return Http.viaGateway(serviceToken(), caller, roles);
    }

    /** A token of a person of the demo realm (password = login). */
    public String personToken(String login) {
        return token(login, () -> Http.passwordToken(config().realmUrl(), login, login));
    }

    private synchronized String token(String key, java.util.function.Supplier<String> fetch) {
        Instant fetched = tokenTimes.get(key);
        if (fetched == null || fetched.plus(TOKEN_REFRESH).isBefore(Instant.now())) {
            tokens.put(key, fetch.get());
            tokenTimes.put(key, Instant.now());
        }
        return tokens.get(key);
    }

    public Connection database() throws SQLException {
        return DriverManager.getConnection(
                stack.urls().get("postgresql"),
                config().dbUrl() == null ? "postgres" : config().dbUser(),
                config().dbUrl() == null ? "" : config().dbPassword());
    }

    public HttpResponse<String> get(String url, String token) {
        HttpRequest request = HttpRequest.newBuilder(URI.create(url))
                .timeout(Duration.ofSeconds(60))
                .header("Authorization", "Bearer " + token)
                .header("Accept", "application/json")
                .GET()
                .build();
        return send(request);
    }

    public HttpResponse<String> post(String url, String token, String contentType, byte[] body, Duration timeout) {
        return post(url, bearer(token), contentType, body, timeout);
    }

    /** A POST with the given authorisation headers ({@link #viaGateway} for a call straight to a service). */
    public HttpResponse<String> post(
            String url, Map<String, String> auth, String contentType, byte[] body, Duration timeout) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url))
                .timeout(timeout)
                .header("Content-Type", contentType)
                .header("Accept", "application/json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(body));
        auth.forEach(request::header);
        return send(request.build());
    }

    public static Map<String, String> bearer(String token) {
        return Map.of("Authorization", "Bearer " + token);
    }

    /** Posts a batch of events ({@code {"events": [...]}}) at the gateway as the ingest client; fails unless 2xx. */
    public HttpResponse<String> postActivities(String batch, Duration timeout) {
        return expectOk(
                post(
                        gateway() + "/api/v1/activities",
                        ingestToken(),
                        "application/json",
                        batch.getBytes(StandardCharsets.UTF_8),
                        timeout),
                "POST /api/v1/activities");
    }

    private HttpResponse<String> send(HttpRequest request) {
        try {
            return http.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new IllegalStateException(request.method() + " " + request.uri() + " failed: " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    /** Fails with the answer unless it is a 2xx. */
    public static HttpResponse<String> expectOk(HttpResponse<String> response, String what) {
        if (response.statusCode() / 100 != 2) {
            throw new IllegalStateException(what + " failed (" + response.statusCode() + "): "
                    + response.body().substring(0, Math.min(500, response.body().length())));
        }
        return response;
    }

    /** The resident set size of a process, in MB, from /proc/{pid}/status (VmRSS). */
    public static double rssMb(long pid) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc", String.valueOf(pid), "status"))) {
                if (line.startsWith("VmRSS:")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", "")) / 1024.0;
                }
            }
        } catch (IOException | NumberFormatException e) {
            return Double.NaN;
        }
        return Double.NaN;
    }

    /** Deletes a folder and all below it, if it exists; what cannot be deleted is reported, not thrown. */
    public static void deleteTree(Path root) {
        if (!Files.exists(root)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(root)) {
            paths.sorted(Comparator.reverseOrder())
                    .forEach(path -> path.toFile().delete());
        } catch (IOException e) {
            progress("could not delete " + root + ": " + e.getMessage());
        }
    }

    public static void progress(String line) {
        System.out.println("[bench] " + line);
        System.out.flush();
    }
}
