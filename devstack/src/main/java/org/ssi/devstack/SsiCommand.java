package org.ssi.devstack;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import org.ssi.devstack.simulation.Simulation;

/**
 * The Java side of {@code ./ssi}: {@code up} starts the stack, loads the demo data and stays in the foreground until
 * stopped; {@code status} reports each component. The shell script builds what is missing and detaches.
 */
public final class SsiCommand {

    private SsiCommand() {}

    public static void main(String[] args) throws Exception {
        Path repository = Path.of(System.getProperty("ssi.repository", "."))
                .toAbsolutePath()
                .normalize();
        StackConfig config = StackConfig.fromEnvironment(repository, System.getenv());
        String command = args.length == 0 ? "status" : args[0];
        int code = switch (command) {
            case "up" -> up(config);
            case "status" -> status(config);
            case "simulate" -> simulate(config, List.of(args).subList(1, args.length));
            default -> {
                System.err.println("usage: ssi up [-d] | down | status | simulate --members N --days D [--seed S]"
                        + " [--outcomes] [--end YYYY-MM-DD]");
                yield 2;
            }
        };
        System.exit(code);
    }

    private static Path runDirectory(StackConfig config) {
        return config.home().resolve("run");
    }

    static int up(StackConfig config) throws IOException, InterruptedException {
        Path run = Files.createDirectories(runDirectory(config));
        Files.deleteIfExists(run.resolve("ready"));
        Stack stack;
        try {
            stack = Stack.start(config);
        } catch (IllegalStateException e) {
            System.err.println("[ssi] " + e.getMessage());
            return 1;
        }
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            System.out.println("[ssi] stopping");
            stack.close();
            deleteQuietly(run.resolve("state"));
            deleteQuietly(run.resolve("ready"));
            stopped.countDown();
        }));
        writeState(run.resolve("state"), stack);
        try {
            String token = Http.clientToken(
                    config.realmUrl(), "ssi-ingest", stack.secrets().ingest());
            String admin = IndustryCatalogue.adminToken(config.realmUrl());
            System.out.println("[ssi] loading the demo organisation");
            int accepted = new DemoData(config.gatewayUrl(), token, admin).load(LocalDate.now(ZoneOffset.UTC));
            System.out.println("[ssi] demo data loaded (" + accepted + " new events)");
            DemoOrganisation organisation = new DemoOrganisation(config, token, admin);
            organisation.loadOnce();
            new DemoHistory(config).fillInBackground(organisation.marker());
        } catch (RuntimeException | SQLException e) {
            System.err.println("[ssi] loading the demo data failed: " + e.getMessage());
            return 1;
        }
        printWelcome(config, stack);
        Files.writeString(
                run.resolve("ready"), String.valueOf(ProcessHandle.current().pid()));
        stopped.await();
        return 0;
    }

    static final String SIMULATE_USAGE =
            "usage: ./ssi simulate --members N --days D [--seed S] [--outcomes]" + " [--end YYYY-MM-DD] [--no-wait]";

    /** Loads a simulated organisation into the running stack (see {@link Simulation}). */
    static int simulate(StackConfig config, List<String> args) throws IOException, InterruptedException {
        Simulation.Options options;
        try {
            options = simulationOptions(args);
        } catch (IllegalArgumentException e) {
            System.err.println("[ssi] " + e.getMessage());
            System.err.println(SIMULATE_USAGE);
            return 2;
        }
        if (!Http.ok(config.gatewayUrl() + "/q/health/ready")) {
            System.err.println(
                    "[ssi] no gateway answers at " + config.gatewayUrl() + "; start the suite with ./ssi up -d");
            return 1;
        }
        try {
            String token = Http.clientToken(
                    config.realmUrl(), "ssi-ingest", Stack.secrets(config).ingest());
            String admin = IndustryCatalogue.adminToken(config.realmUrl());
            new Simulation(config, token, admin, System.out).run(options);
            return 0;
        } catch (RuntimeException | SQLException e) {
            System.err.println("[ssi] the simulation failed: " + e.getMessage());
            return 1;
        }
    }

    static Simulation.Options simulationOptions(List<String> args) {
        Integer members = null;
        Integer days = null;
        long seed = 1;
        boolean outcomes = false;
        boolean await = true;
        LocalDate end = LocalDate.now(ZoneOffset.UTC);
        for (int i = 0; i < args.size(); i++) {
            String arg = args.get(i);
            switch (arg) {
                case "--outcomes" -> outcomes = true;
                case "--no-wait" -> await = false;
                case "--members", "--days", "--seed", "--end" -> {
                    if (i + 1 >= args.size()) {
                        throw new IllegalArgumentException(arg + " needs a value");
                    }
                    String value = args.get(++i);
                    try {
                        switch (arg) {
                            case "--members" -> members = Integer.parseInt(value);
                            case "--days" -> days = Integer.parseInt(value);
                            case "--seed" -> seed = Long.parseLong(value);
                            default -> end = LocalDate.parse(value);
                        }
                    } catch (NumberFormatException | DateTimeParseException e) {
                        throw new IllegalArgumentException(arg + " does not take " + value);
                    }
                }
                default -> throw new IllegalArgumentException("unknown option " + arg);
            }
        }
        if (members == null || days == null) {
            throw new IllegalArgumentException("--members and --days are required");
        }
        if (end.isAfter(LocalDate.now(ZoneOffset.UTC))) {
            throw new IllegalArgumentException("--end must not be in the future");
        }
        return new Simulation.Options(members, days, seed, end, outcomes, await);
    }

    private static void printWelcome(StackConfig config, Stack stack) {
        System.out.println();
        System.out.println("The SSI suite is up.");
        stack.urls().forEach((name, url) -> System.out.printf("  %-17s %s%n", name, url));
        System.out.println();
        System.out.println("  API             " + config.gatewayUrl() + "/api/v1   (OpenAPI: " + config.gatewayUrl()
                + "/q/swagger-ui)");
        System.out.println("  Realm           " + config.realmUrl());
        System.out.println("  Logins          alice/alice (rep), maria/maria (manager), mike/mike (manager),"
                + " ana/ana (analyst), root/root (admin)");
        System.out.println(
                "  Ingest client   ssi-ingest, secret " + stack.secrets().ingest());
        System.out.println();
        System.out.println("  TOKEN=$(curl -s -d grant_type=password -d client_id=ssi-cli -d username=alice"
                + " -d password=alice " + config.realmUrl() + "/protocol/openid-connect/token | jq -r .access_token)");
        System.out.println("  curl -s -H \"Authorization: Bearer $TOKEN\" " + config.gatewayUrl() + "/api/v1/me/ssi");
        System.out.println();
        System.out.flush();
    }

    private static void writeState(Path file, Stack stack) throws IOException {
        List<String> lines = new ArrayList<>();
        Map<String, String> urls = stack.urls();
        lines.add("postgresql " + ProcessHandle.current().pid() + " " + urls.get("postgresql"));
        for (ManagedProcess process : stack.processes()) {
            lines.add(process.name() + " " + process.pid() + " " + urls.get(process.name()));
        }
        Files.write(file, lines);
    }

    static int status(StackConfig config) throws IOException {
        Path state = runDirectory(config).resolve("state");
        if (!Files.exists(state)) {
            for (String name : List.of(
                    "postgresql", "keycloak", "activity-service", "scoring-service", "ranking-service", "gateway")) {
                System.out.printf("%-17s down%n", name);
            }
            return 3;
        }
        boolean allUp = true;
        for (String line : Files.readAllLines(state)) {
            String[] parts = line.split(" ", 3);
            long pid = Long.parseLong(parts[1]);
            boolean alive = ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false);
            boolean up = alive
                    && (parts[0].equals("postgresql")
                            || parts[0].equals("kafka")
                            || Http.ok(health(parts[0], parts[2])));
            allUp &= up;
            System.out.printf("%-17s %-4s %-40s pid %d%n", parts[0], up ? "up" : "down", parts[2], pid);
        }
        return allUp ? 0 : 3;
    }

    private static String health(String name, String url) {
        return name.equals("keycloak") ? url + "/realms/" + KeycloakServer.REALM : url + "/q/health/ready";
    }

    private static void deleteQuietly(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException ignored) {
            // the stack is stopping; a stale file is reported as down by status
        }
    }
}
