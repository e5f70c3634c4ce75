package org.ssi.bench.benchmark;

import static org.ssi.bench.run.BenchContext.progress;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.ssi.bench.report.Figure;
import org.ssi.bench.report.Goal;
import org.ssi.bench.report.Section;
import org.ssi.bench.run.BenchContext;
import org.ssi.bench.run.Population;
import org.ssi.devstack.ManagedProcess;
import org.ssi.devstack.ServiceJvm;
import org.ssi.devstack.Stack;

/**
 * Each service's start-up time (as Quarkus logs it) at the stack's start, with the others, and started again alone;
 * the warm start of the whole stack to ready; resident memory idle right after start and after the other benchmarks'
 * load. The baseline of a start is the smallest Quarkus REST application (module {@code startup-baseline}) started
 * alone with the services' JVM flags. The warm start stops the stack and starts it again: it is the run's last
 * measurement.
 */
public final class StartupBenchmark implements Benchmark {

    private static final Pattern STARTED = Pattern.compile("started in ([0-9.]+)s");

    /** Starts of each service alone and of the minimal application; the fastest counts. */
    private static final int STARTS = 2;

    private static final double START_GOAL_SECONDS = 3;
    private static final double RSS_GOAL_MB = 300;
    private static final double WARM_START_GOAL_SECONDS = 30;

    private final Map<String, Double> startSeconds = new LinkedHashMap<>();

    @Override
    public String name() {
        return "startup";
    }

    @Override
    public Duration budget() {
        return Duration.ofMinutes(8);
    }

    /** Measured right after the stack is up, before any benchmark. */
    public void idle(BenchContext context) {
        for (ManagedProcess service : context.services()) {
            double rss = BenchContext.rssMb(service.pid());
            context.rememberIdleRss(service.name(), rss);
            startSeconds.put(service.name(), startedIn(service.log(), 0));
            progress(service.name() + ": started in " + startSeconds.get(service.name()) + " s, RSS idle "
                    + Math.round(rss) + " MB");
        }
    }

    @Override
    public Section run(BenchContext context, Budget budget) throws Exception {
        Section section = new Section(name(), "Start-up time and memory of each service");
        List<String> services =
                context.services().stream().map(ManagedProcess::name).toList();
        // Read before any restart: a service started again has a fresh heap.
        Map<String, Double> rssAfterLoad = new LinkedHashMap<>();
        for (ManagedProcess service : context.services()) {
            rssAfterLoad.put(service.name(), BenchContext.rssMb(service.pid()));
        }
        // Ingestion leaves scoring-service rescoring behind it; a start alone competes with nothing.
        Population.awaitFeedsCaughtUp(context, Duration.ofMinutes(2));
        double minimal = minimalAppSeconds(context);
        progress(name() + ": the minimal Quarkus REST app started in " + minimal + " s (best of " + STARTS + ")");
        Map<String, Double> alone = startsAlone(context, services);

        String minimalWhat = "the minimal Quarkus REST app started alone (best of " + STARTS + ")";
        for (String service : services) {
            section.figure(Figure.of(
                    service + " started alone (Quarkus' own figure, best of " + STARTS + ")",
                    alone.get(service),
                    "s",
                    minimalWhat,
                    minimal));
            section.goal(Goal.atMost(service + " started alone", alone.get(service), "s", START_GOAL_SECONDS));
        }
        for (String service : services) {
            section.figure(Figure.of(
                    service + " started with the others at the stack's start (Quarkus' own figure)",
                    startSeconds.get(service),
                    "s",
                    minimalWhat,
                    minimal));
        }
        for (String service : services) {
            section.figure(Figure.of(
                    service + " RSS after the load",
                    rssAfterLoad.get(service),
                    "MB",
                    "idle right after start",
                    context.startupRss(service)));
            section.goal(
                    Goal.atMost("RSS of " + service + " after the load", rssAfterLoad.get(service), "MB", RSS_GOAL_MB));
        }
        section.note("Each service runs as `./ssi up` starts it: `java " + String.join(" ", ServiceJvm.MEMORY_OPTIONS)
                + " -jar quarkus-run.jar` (fast-jar, JVM mode) on "
                + context.stack().jvm().description()
                + ". The minimal app (module `startup-baseline`: only `quarkus-rest` and one `GET /hello`, fast-jar)"
                + " is started with the same command line and its own cache, both from devstack's `ServiceJvm`.");
        section.note("Start-up is the time Quarkus reports (`started in`). At the stack's start activity, scoring and"
                + " ranking start beside Keycloak and the gateway once Keycloak answers, so each competed for the cores"
                + " with the others. Alone:"
                + " after the other benchmarks, once the feeds had caught up, each service in turn was stopped and"
                + " started again (devstack's `Stack.restart`, which waits until it is ready) while nothing else"
                + " started; the figure is read from the log lines of that start only, the best of " + STARTS
                + " starts.");
        section.note("RSS is VmRSS from /proc/<pid>/status, read before the services were started again. \"After the"
                + " load\" is after the benchmarks that ran before this one in the same run (all of them when run"
                + " without names).");
        warmStart(context, section, alone);
        return section;
    }

    /** Each service stopped and started again alone, {@value #STARTS} times; answers the fastest start of each. */
    private Map<String, Double> startsAlone(BenchContext context, List<String> services) throws IOException {
        Map<String, Double> alone = new LinkedHashMap<>();
        for (String service : services) {
            double best = Double.NaN;
            for (int i = 0; i < STARTS; i++) {
                double seconds = startAlone(context, service);
                best = Double.isNaN(best) ? seconds : Math.min(best, seconds);
            }
            alone.put(service, best);
            progress(name() + ": " + service + " alone started in " + best + " s (best of " + STARTS + ")");
        }
        return alone;
    }

    /**
     * The run's last measurement: the whole stack stopped (services, Keycloak, PostgreSQL; the data kept) and started
     * again on the same home, data and ports, timed from the start call until every service answers ready.
     */
    private void warmStart(BenchContext context, Section section, Map<String, Double> alone) {
        Map<String, Long> logFrom = new LinkedHashMap<>();
        for (ManagedProcess process : context.processes()) {
            logFrom.put(process.name(), size(process.log()));
        }
        progress(name() + ": stopping the whole stack and starting it again (warm start)");
        double seconds;
        try {
            seconds = context.restartStack();
        } catch (IOException | RuntimeException e) {
            progress(name() + ": the warm start failed: " + e.getMessage());
            section.goal(Goal.atMost("warm stack start to ready", Double.NaN, "s", WARM_START_GOAL_SECONDS));
            section.note("The warm start of the stack failed: " + e.getMessage());
            return;
        }
        double aloneSum =
                alone.values().stream().mapToDouble(Double::doubleValue).sum();
        section.figure(Figure.of(
                "warm start of the whole stack to ready",
                seconds,
                "s",
                "the four services started alone, one after the other (sum of their figures)",
                aloneSum));
        section.goal(Goal.atMost("warm stack start to ready", seconds, "s", WARM_START_GOAL_SECONDS));
        StringBuilder parts = new StringBuilder();
        for (ManagedProcess process : context.processes()) {
            Long from = logFrom.get(process.name());
            if (from != null) {
                parts.append(parts.isEmpty() ? "" : ", ")
                        .append(process.name())
                        .append(' ')
                        .append(String.format("%.1f", startedIn(process.log(), from)))
                        .append(" s");
            }
        }
        section.note("Warm start: the bench stack stopped whole (services, Keycloak, PostgreSQL; the data kept) and"
                + " started again with the same configuration (home, data, ports), as a second `./ssi up` would,"
                + " without demo data; timed from the start call until every service answered its readiness probe."
                + " PostgreSQL starts first, then Keycloak with activity, scoring and ranking beside it, then the"
                + " gateway. Quarkus' own figures of"
                + " that start (Keycloak's included): " + parts + ".");
    }

    /** Stops the service, starts it again alone and answers Quarkus' figure from the new log lines. */
    private static double startAlone(BenchContext context, String service) throws IOException {
        Path log = context.process(service).log();
        long from = size(log);
        context.restart(service);
        return startedIn(log, from);
    }

    /** The minimal Quarkus REST app, started {@value #STARTS} times alone with the services' command line. */
    private static double minimalAppSeconds(BenchContext context) throws IOException {
        Path module = context.config().repository().resolve("startup-baseline");
        Path jar = module.resolve("target/quarkus-app/quarkus-run.jar");
        if (!Files.exists(jar)) {
            throw new IllegalStateException("Not built: " + jar + " (run ./mvnw -DskipTests package)");
        }
        double best = Double.NaN;
        for (int i = 1; i <= STARTS; i++) {
            int port = Stack.freePort();
            Map<String, String> env = new HashMap<>(ServiceJvm.ENVIRONMENT);
            env.put("QUARKUS_HTTP_HOST", "127.0.0.1");
            env.put("QUARKUS_HTTP_PORT", String.valueOf(port));
            ManagedProcess app = ManagedProcess.start(
                    "startup-baseline-" + i,
                    context.stack().jvm().command(jar),
                    module,
                    env,
                    context.config().home().resolve("logs"),
                    "http://127.0.0.1:" + port + "/hello");
            try {
                app.awaitReady(Duration.ofMinutes(2));
            } finally {
                // a first start records the app's ahead-of-time cache, as the services' first starts did
                app.stopAlone(Duration.ofMinutes(3));
            }
            double seconds = startedIn(app.log(), 0);
            best = Double.isNaN(best) ? seconds : Math.min(best, seconds);
        }
        return best;
    }

    /** The last "started in" of the log from the byte offset on, NaN when there is none. */
    private static double startedIn(Path log, long from) {
        try {
            byte[] bytes = Files.readAllBytes(log);
            String text = new String(
                    bytes,
                    (int) Math.min(from, bytes.length),
                    (int) Math.max(0, bytes.length - from),
                    StandardCharsets.UTF_8);
            Matcher matcher = STARTED.matcher(text);
            double last = Double.NaN;
            while (matcher.find()) {
                last = Double.parseDouble(matcher.group(1));
            }
            return last;
        } catch (IOException e) {
            return Double.NaN;
        }
    }

    private static long size(Path file) {
        try {
            return Files.size(file);
        } catch (IOException e) {
            return 0;
        }
    }
}
