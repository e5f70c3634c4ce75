package org.ssi.bench.run;

import static org.ssi.bench.run.BenchContext.deleteTree;
import static org.ssi.bench.run.BenchContext.progress;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.ssi.bench.benchmark.Benchmark;
import org.ssi.bench.benchmark.Budget;
import org.ssi.bench.benchmark.CalibrationBenchmark;
import org.ssi.bench.benchmark.FeedTransportBenchmark;
import org.ssi.bench.benchmark.FreshnessBenchmark;
import org.ssi.bench.benchmark.GatewayBenchmark;
import org.ssi.bench.benchmark.IngestionBenchmark;
import org.ssi.bench.benchmark.RankingBenchmark;
import org.ssi.bench.benchmark.ReliabilityBenchmark;
import org.ssi.bench.benchmark.RolloverBenchmark;
import org.ssi.bench.benchmark.StartupBenchmark;
import org.ssi.bench.report.BenchmarkReport;
import org.ssi.bench.report.Section;
import org.ssi.devstack.ServiceJvm;
import org.ssi.devstack.Stack;
import org.ssi.devstack.StackConfig;

/**
 * {@code ./ssi bench [name…]}: starts a stack of its own (fresh data directory, free loopback ports unless the
 * SSI_*_PORT variables name them), runs the named benchmarks (all but the on-demand ones by default, every one with
 * {@code all}) in a fixed order, and writes BENCHMARKS.md at the repository root: the file holds one run, so a run
 * of some benchmarks replaces the figures of the others.
 */
public final class BenchCommand {

    /** Run only when named, or with {@code all}: the soak alone takes ten minutes, the transports five. */
    private static final List<String> ON_DEMAND = List.of("reliability", "kafka");

    private static final String ALL = "all";

    private BenchCommand() {}

    public static void main(String[] args) throws Exception {
        Path repository = Path.of(System.getProperty("ssi.repository", "."))
                .toAbsolutePath()
                .normalize();
        StartupBenchmark startup = new StartupBenchmark();
        Map<String, Benchmark> all = new LinkedHashMap<>();
        for (Benchmark benchmark : List.of(
                // Ingestion leaves scoring-service a backlog of rescoring behind it, so it comes after the
                // benchmarks that need quiet feeds, and before the memory after load is read.
                new RolloverBenchmark(),
                new RankingBenchmark(),
                new FreshnessBenchmark(),
                new GatewayBenchmark(),
                new CalibrationBenchmark(),
                new IngestionBenchmark(),
                new ReliabilityBenchmark(),
                new FeedTransportBenchmark(),
                startup)) {
            all.put(benchmark.name(), benchmark);
        }
        List<Benchmark> chosen = new ArrayList<>();
        for (String arg : args) {
            if (!all.containsKey(arg) && !ALL.equals(arg)) {
                System.err.println("[bench] no benchmark " + arg + "; the benchmarks are " + all.keySet() + ", or "
                        + ALL + " for every one");
                System.exit(2);
            }
        }
        List<String> named = List.of(args);
        all.forEach((name, benchmark) -> {
            boolean wanted = named.isEmpty() ? !ON_DEMAND.contains(name) : named.contains(ALL) || named.contains(name);
            if (wanted) {
                chosen.add(benchmark);
            }
        });
        Instant began = Instant.now();
        String loadAtStart = loadAverage();
        // Keycloak (installed and built once) and the client secrets are kept between runs; the data never is.
        Path home = Path.of(System.getenv().getOrDefault("SSI_HOME", System.getProperty("user.home") + "/.ssi"))
                .resolve("bench");
        deleteTree(home.resolve("postgres"));
        deleteTree(home.resolve("logs"));
        System.setProperty("ssi.keycloak.startup-minutes", System.getProperty("ssi.keycloak.startup-minutes", "10"));
        System.setProperty("ssi.service.startup-minutes", System.getProperty("ssi.service.startup-minutes", "6"));
        StackConfig config = config(repository, home);
        progress("starting a stack of its own in " + home + " with fresh data (gateway port " + config.gatewayPort()
                + "); logs in " + home.resolve("logs"));
        List<Section> sections = new ArrayList<>();
        int code = 0;
        String postgres = "not read";
        if (Stack.recordsCaches(config)) {
            progress("recording the services' ahead-of-time caches first: one start and stop of the stack (once per"
                    + " build), so that what is measured runs as every later start does");
            Thread first = nudgeGateway(config);
            try (Stack once = Stack.start(config)) {
                first.interrupt();
            }
            deleteTree(home.resolve("postgres"));
        }
        Thread nudge = nudgeGateway(config);
        try (BenchContext context = new BenchContext(Stack.start(config))) {
            nudge.interrupt();
            Thread stopOnSignal = new Thread(context::close, "stop-stack");
            Runtime.getRuntime().addShutdownHook(stopOnSignal);
            postgres = durability(context);
            startup.idle(context);
            if (chosen.stream()
                    .anyMatch(benchmark -> benchmark != startup && !(benchmark instanceof FeedTransportBenchmark))) {
                context.population(); // built once, outside every benchmark's time budget
            }
            for (Benchmark benchmark : chosen) {
                progress("== " + benchmark.name() + " (budget "
                        + benchmark.budget().toMinutes() + " min)");
                try {
                    sections.add(benchmark.run(context, new Budget(benchmark.budget())));
                } catch (Exception | AssertionError e) {
                    code = 1;
                    progress(benchmark.name() + " failed: " + e);
                    sections.add(new Section(benchmark.name(), benchmark.name() + " — failed")
                            .note("The benchmark failed: " + e.getMessage()));
                }
            }
            Runtime.getRuntime().removeShutdownHook(stopOnSignal);
        } finally {
            deleteTree(home.resolve("postgres"));
        }
        String command = System.getProperty("ssi.command", "./ssi bench " + String.join(" ", args))
                .trim();
        Duration took = Duration.between(began, Instant.now());
        BenchmarkReport.Run run = new BenchmarkReport.Run(
                command,
                DateTimeFormatter.ISO_INSTANT.format(
                        began.atOffset(ZoneOffset.UTC).withNano(0)),
                machine(),
                postgres,
                took.toMinutes() + " min " + took.toSecondsPart() + " s (including the stack's start)",
                remarks(loadAtStart));
        Path file = repository.resolve("BENCHMARKS.md");
        Files.writeString(file, BenchmarkReport.markdown(run, sections));
        progress("wrote " + file + " in " + took.toMinutes() + " min " + took.toSecondsPart() + " s");
        System.exit(code);
    }

    /**
     * On a loaded machine the gateway may give up its first connection to Keycloak (10 s) and then report not ready
     * until a request makes it try again; an authenticated request with a bad token, every 5 s until the stack is
     * up, makes it try.
     */
    static Thread nudgeGateway(StackConfig config) {
        Thread thread = new Thread(
                () -> {
                    var client = java.net.http.HttpClient.newHttpClient();
                    var request = java.net.http.HttpRequest.newBuilder(
                                    java.net.URI.create(config.gatewayUrl() + "/api/v1/me/ssi"))
                            .header("Authorization", "Bearer not.a.token")
                            .timeout(Duration.ofSeconds(30))
                            .build();
                    while (!Thread.currentThread().isInterrupted()) {
                        try {
                            Thread.sleep(5_000);
                            client.send(request, java.net.http.HttpResponse.BodyHandlers.discarding());
                        } catch (InterruptedException e) {
                            return;
                        } catch (IOException e) {
                            // not listening yet
                        }
                    }
                },
                "nudge-gateway");
        thread.setDaemon(true);
        thread.start();
        return thread;
    }

    private static StackConfig config(Path repository, Path home) {
        Map<String, String> env = new HashMap<>(System.getenv());
        env.put("SSI_HOME", home.toString());
        for (String port : List.of(
                "SSI_GATEWAY_PORT", "SSI_ACTIVITY_PORT", "SSI_SCORING_PORT", "SSI_RANKING_PORT", "SSI_KEYCLOAK_PORT")) {
            env.putIfAbsent(port, String.valueOf(Stack.freePort()));
        }
        env.putIfAbsent("SSI_POSTGRES_PORT", String.valueOf(Stack.freePort()));
        return StackConfig.fromEnvironment(repository, env);
    }

    /** The settings that decide what a commit costs, as the run's PostgreSQL answers them (not as configured). */
    private static String durability(BenchContext context) {
        List<String> settings = new ArrayList<>();
        try (Connection connection = context.database();
                Statement statement = connection.createStatement()) {
            for (String setting : List.of("fsync", "synchronous_commit", "full_page_writes")) {
                try (ResultSet value = statement.executeQuery("show " + setting)) {
                    value.next();
                    settings.add(setting + " = " + value.getString(1));
                }
            }
        } catch (SQLException e) {
            return "not read: " + e.getMessage();
        }
        return String.join(", ", settings) + " (read with SHOW at the start of the run)";
    }

    private static String machine() {
        var os = (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        return Runtime.getRuntime().availableProcessors() + " cores, "
                + Math.round(os.getTotalMemorySize() / (1024.0 * 1024 * 1024)) + " GB memory, " + cpuModel()
                + ", Java " + System.getProperty("java.runtime.version") + " (" + System.getProperty("java.vm.name")
                + "), " + osName();
    }

    private static String cpuModel() {
        try (Stream<String> lines = Files.lines(Path.of("/proc/cpuinfo"))) {
            return lines.filter(line -> line.startsWith("model name"))
                    .map(line -> line.substring(line.indexOf(':') + 1).trim())
                    .findFirst()
                    .orElse("unknown CPU");
        } catch (IOException e) {
            return "unknown CPU";
        }
    }

    private static String osName() {
        try (Stream<String> lines = Files.lines(Path.of("/etc/os-release"))) {
            String pretty = lines.filter(line -> line.startsWith("PRETTY_NAME="))
                    .map(line -> line.substring("PRETTY_NAME=".length()).replace("\"", ""))
                    .findFirst()
                    .orElse(System.getProperty("os.name"));
            return pretty + ", Linux " + System.getProperty("os.version");
        } catch (IOException e) {
            return System.getProperty("os.name") + " " + System.getProperty("os.version");
        }
    }

    private static List<String> remarks(String loadAtStart) {
        List<String> remarks = new ArrayList<>();
        remarks.add("Everything ran on this one machine over loopback: PostgreSQL (embedded), Keycloak, the four"
                + " services (each `" + String.join(" ", ServiceJvm.MEMORY_OPTIONS)
                + "` on " + ServiceJvm.find(System.getenv()).description()
                + ", as `./ssi up` starts them), the load generators and"
                + " the baselines. Absolute figures are noisy; the ratios to the baselines of the same run are what"
                + " to compare between runs.");
        String shared = System.getenv("SSI_BENCH_SHARED");
        if (shared != null && !shared.isBlank()) {
            remarks.add(shared);
        }
        remarks.add("Load average (/proc/loadavg) at the start of the run: " + loadAtStart + "; at the end: "
                + loadAverage() + ".");
        return remarks;
    }

    private static String loadAverage() {
        try {
            return Files.readString(Path.of("/proc/loadavg")).trim();
        } catch (IOException e) {
            return "unknown";
        }
    }
}
