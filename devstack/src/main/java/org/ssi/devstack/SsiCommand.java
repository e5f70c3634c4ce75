package org.ssi.devstack;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;

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
            default -> {
                System.err.println("usage: ssi up [-d] | down | status");
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
            System.out.println("[ssi] loading the demo organisation");
            int accepted = new DemoData(config.gatewayUrl(), token).load(LocalDate.now(ZoneOffset.UTC));
            System.out.println("[ssi] demo data loaded (" + accepted + " new events)");
        } catch (RuntimeException e) {
            System.err.println("[ssi] loading the demo data failed: " + e.getMessage());
            return 1;
        }
        printWelcome(config, stack);
        Files.writeString(
                run.resolve("ready"), String.valueOf(ProcessHandle.current().pid()));
        stopped.await();
        return 0;
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
            boolean up = alive && (parts[0].equals("postgresql") || Http.ok(health(parts[0], parts[2])));
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
