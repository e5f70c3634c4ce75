package org.ssi.bench.benchmark;

import static org.ssi.bench.run.BenchContext.progress;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.ssi.bench.report.Figure;
import org.ssi.bench.report.Section;
import org.ssi.bench.run.BenchContext;
import org.ssi.bench.run.Population;
import org.ssi.devstack.DemoData;
import org.ssi.devstack.IndustryCatalogue;

/**
 * {@code GET /api/v1/me/ssi} under wrk at 8, 32 and 128 connections, against a gateway endpoint that only validates
 * the token in the same run.
 */
public final class GatewayBenchmark implements Benchmark {

    static final int[] CONNECTIONS = {8, 32, 128};
    /** Authenticated, then answered 404 by the gateway itself: the code is not an industry code. */
    static final String TOKEN_ONLY = "/api/v1/industries/NOT-A-CODE/ssi";

    /** What wrk measured. */
    record WrkResult(double requestsPerSecond, double p50Ms, double p99Ms, long requests, long non2xx, long errors) {}

    @Override
    public String name() {
        return "gateway";
    }

    @Override
    public Duration budget() {
        return Duration.ofMinutes(4);
    }

    @Override
    public Section run(BenchContext context, Budget budget) throws Exception {
        String wrk = System.getenv().getOrDefault("SSI_WRK", "/usr/bin/wrk");
        if (!Files.isExecutable(Path.of(wrk))) {
            throw new IllegalStateException("wrk not found at " + wrk + " (set SSI_WRK)");
        }
        progress(name() + ": loading the demo organisation for alice");
        new DemoData(context.gateway(), context.ingestToken(), context.personToken(IndustryCatalogue.ADMIN_LOGIN))
                .load(LocalDate.now(ZoneOffset.UTC));
        Population.awaitRanked(context, "alice", Duration.ofMinutes(3));
        Population.awaitFeedsCaughtUp(context, Duration.ofMinutes(1));
        String token = context.personToken("alice");
        checkBaselineValidatesToken(context, token);
        int seconds = Integer.getInteger("ssi.bench.wrk.seconds", 10);
        Path script = Files.createTempFile("ssi-bench-", ".lua");
        Section section = new Section(name(), "Gateway under load: GET /api/v1/me/ssi vs token validation only");
        List<String> rows = new ArrayList<>();
        try {
            Files.writeString(
                    script,
                    "wrk.headers[\"Authorization\"] = \"Bearer " + token + "\"\n"
                            + "wrk.headers[\"Accept\"] = \"application/json\"\n");
            for (int connections : CONNECTIONS) {
                if (budget.left().toSeconds() < 2L * seconds + 10) {
                    section.note("Stopped before " + connections + " connections: the time budget was spent.");
                    break;
                }
                WrkResult me = wrk(wrk, script, context.gateway() + "/api/v1/me/ssi", connections, seconds);
                WrkResult bare = wrk(wrk, script, context.gateway() + TOKEN_ONLY, connections, seconds);
                section.figure(Figure.of(
                        "requests/s at " + connections + " connections",
                        me.requestsPerSecond(),
                        "req/s",
                        "token validation only",
                        bare.requestsPerSecond()));
                section.figure(Figure.of(
                        "p50 at " + connections + " connections",
                        me.p50Ms(),
                        "ms",
                        "token validation only",
                        bare.p50Ms()));
                section.figure(Figure.of(
                        "p99 at " + connections + " connections",
                        me.p99Ms(),
                        "ms",
                        "token validation only",
                        bare.p99Ms()));
                rows.add(connections + " connections: " + String.format("%,d", me.requests()) + " requests to"
                        + " /me/ssi (" + me.non2xx() + " not 2xx, " + me.errors() + " socket errors), "
                        + String.format("%,d", bare.requests()) + " to the baseline");
                if (me.non2xx() > 0 || me.errors() > 0) {
                    progress(name() + ": " + me.non2xx() + " answers not 2xx and " + me.errors() + " socket errors at "
                            + connections + " connections");
                }
            }
            WrkResult live = wrk(wrk, script, context.gateway() + "/q/health/live", 32, Math.min(seconds, 10));
            section.figure(new Figure(
                    "requests/s of GET /q/health/live at 32 connections (no token check)",
                    live.requestsPerSecond(),
                    "req/s",
                    null,
                    null));
        } finally {
            Files.deleteIfExists(script);
        }
        double rss = BenchContext.rssMb(context.process("gateway").pid());
        section.figure(new Figure(
                "RSS of the gateway after the load", rss, "MB", "idle after start", context.startupRss("gateway")));
        section.note("wrk, 2 threads, " + seconds + " s per run (the issue asks for 30 s; shortened to fit the"
                + " 20-minute run), one valid token of `alice` (Keycloak, RS256) on every request. `/me/ssi` resolves"
                + " the member at activity-service, then reads the score (scoring-service) and the ranks"
                + " (ranking-service, which asks activity-service for the connections), each with the caller's token"
                + " validated again by the service.");
        section.note("Baseline: `GET " + TOKEN_ONLY + "` on the same gateway, authenticated (a request without a"
                + " valid token is a 401) and then answered 404 problem+json by the gateway itself, without an"
                + " upstream call. Everything, wrk included, shares the 2 cores.");
        rows.forEach(section::note);
        return section;
    }

    private static void checkBaselineValidatesToken(BenchContext context, String token) {
        int withToken = context.get(context.gateway() + TOKEN_ONLY, token).statusCode();
        int withBadToken =
                context.get(context.gateway() + TOKEN_ONLY, token + "x").statusCode();
        if (withToken != 404 || withBadToken != 401) {
            throw new IllegalStateException("The baseline endpoint does not validate the token as expected: "
                    + withToken + " with a valid token, " + withBadToken + " with a bad one");
        }
        int me = context.get(context.gateway() + "/api/v1/me/ssi", token).statusCode();
        if (me != 200) {
            throw new IllegalStateException("GET /api/v1/me/ssi answers " + me + " for alice");
        }
    }

    private WrkResult wrk(String wrk, Path script, String url, int connections, int seconds) throws Exception {
        progress(name() + ": wrk -c" + connections + " -d" + seconds + "s " + url);
        Process process = new ProcessBuilder(
                        wrk,
                        "-t2",
                        "-c" + connections,
                        "-d" + seconds + "s",
                        "--timeout",
                        "10s",
                        "--latency",
                        "-s",
                        script.toString(),
                        url)
                .redirectErrorStream(true)
                .start();
        String output = new String(process.getInputStream().readAllBytes());
        if (!process.waitFor(seconds + 60L, TimeUnit.SECONDS) || process.exitValue() != 0) {
            process.destroyForcibly();
            throw new IllegalStateException("wrk failed: " + output);
        }
        return parse(output);
    }

    static WrkResult parse(String output) {
        return new WrkResult(
                number(output, "Requests/sec:\\s+([0-9.]+)"),
                millis(output, "50%"),
                millis(output, "99%"),
                (long) number(output, "([0-9]+) requests in"),
                (long) optional(output, "Non-2xx or 3xx responses:\\s+([0-9]+)"),
                errors(output));
    }

    private static double millis(String output, String percentile) {
        Matcher matcher = Pattern.compile("^\\s*" + percentile + "\\s+([0-9.]+)(us|ms|s)\\s*$", Pattern.MULTILINE)
                .matcher(output);
        if (!matcher.find()) {
            throw new IllegalStateException("No " + percentile + " latency in wrk's output: " + output);
        }
        double value = Double.parseDouble(matcher.group(1));
        return switch (matcher.group(2)) {
            case "us" -> value / 1000;
            case "s" -> value * 1000;
            default -> value;
        };
    }

    private static double number(String output, String regex) {
        Matcher matcher = Pattern.compile(regex).matcher(output);
        if (!matcher.find()) {
            throw new IllegalStateException("Not in wrk's output (" + regex + "): " + output);
        }
        return Double.parseDouble(matcher.group(1));
    }

    private static double optional(String output, String regex) {
        Matcher matcher = Pattern.compile(regex).matcher(output);
        return matcher.find() ? Double.parseDouble(matcher.group(1)) : 0;
    }

    private static long errors(String output) {
        Matcher matcher = Pattern.compile(
                        "Socket errors: connect ([0-9]+), read ([0-9]+), write ([0-9]+), timeout ([0-9]+)")
                .matcher(output);
        if (!matcher.find()) {
            return 0;
        }
        long sum = 0;
        for (int i = 1; i <= 4; i++) {
            sum += Long.parseLong(matcher.group(i));
        }
        return sum;
    }
}
