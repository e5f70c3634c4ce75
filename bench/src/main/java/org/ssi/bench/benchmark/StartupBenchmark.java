package org.ssi.bench.benchmark;

import static org.ssi.bench.run.BenchContext.progress;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.ssi.bench.report.Figure;
import org.ssi.bench.report.Section;
import org.ssi.bench.run.BenchContext;
import org.ssi.bench.run.Population;
import org.ssi.devstack.ManagedProcess;

/**
 * Each service's start-up time (as Quarkus logs it) and resident memory idle right after start and again after the
 * other benchmarks' load; the baseline of a start is the bare JVM's start with the same options.
 */
public final class StartupBenchmark implements Benchmark {

    private static final Pattern STARTED = Pattern.compile("started in ([0-9.]+)s");

    private final Map<String, Double> startSeconds = new LinkedHashMap<>();

    @Override
    public String name() {
        return "startup";
    }

    @Override
    public Duration budget() {
        return Duration.ofMinutes(1);
    }

    /** Measured right after the stack is up, before any benchmark. */
    public void idle(BenchContext context) {
        for (ManagedProcess service : context.services()) {
            double rss = BenchContext.rssMb(service.pid());
            context.rememberIdleRss(service.name(), rss);
            startSeconds.put(service.name(), startedIn(service));
            progress(service.name() + ": started in " + startSeconds.get(service.name()) + " s, RSS idle "
                    + Math.round(rss) + " MB");
        }
    }

    @Override
    public Section run(BenchContext context, Budget budget) throws Exception {
        Section section = new Section(name(), "Start-up time and memory of each service");
        double jvm = bareJvmSeconds();
        for (ManagedProcess service : context.services()) {
            section.figure(Figure.of(
                    service.name() + " start-up (Quarkus' own figure)",
                    startSeconds.get(service.name()),
                    "s",
                    "a bare JVM start and exit (`java -version`)",
                    jvm));
        }
        for (ManagedProcess service : context.services()) {
            section.figure(Figure.of(
                    service.name() + " RSS now",
                    BenchContext.rssMb(service.pid()),
                    "MB",
                    "idle right after start",
                    context.startupRss(service.name())));
        }
        section.note("Each service runs as `./ssi up` starts it: `java -Xmx256m -XX:+UseSerialGC -jar"
                + " quarkus-run.jar` (fast-jar, JVM mode). Start-up is the time Quarkus reports (`started in`), with"
                + " PostgreSQL, Keycloak and the services started before it already running; the services start in"
                + " parallel, so each start competed for the 2 cores with the others.");
        section.note("RSS is VmRSS from /proc/<pid>/status. \"Now\" is after the benchmarks that ran before this one"
                + " in the same run (all of them when run without names), so it is the memory after load.");
        return section;
    }

    private static double startedIn(ManagedProcess service) {
        try {
            List<String> lines = Files.readAllLines(service.log());
            double last = Double.NaN;
            for (String line : lines) {
                Matcher matcher = STARTED.matcher(line);
                if (matcher.find()) {
                    last = Double.parseDouble(matcher.group(1));
                }
            }
            return last;
        } catch (IOException e) {
            return Double.NaN;
        }
    }

    private static double bareJvmSeconds() throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        double best = Double.MAX_VALUE;
        for (int i = 0; i < 3; i++) {
            Instant start = Instant.now();
            Process process = new ProcessBuilder(java, "-Xmx256m", "-XX:+UseSerialGC", "-version")
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                    .start();
            process.waitFor(60, TimeUnit.SECONDS);
            best = Math.min(best, Population.seconds(start));
        }
        return best;
    }
}
