package org.ssi.e2e;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;
import org.ssi.devstack.Stack;
import org.ssi.devstack.StackConfig;

/**
 * One suite for every end-to-end test class, since starting Keycloak and four services is what costs: started by the
 * first class that asks, on free ports and fresh data, and stopped when the test JVM ends.
 */
final class SharedStack {

    private static Stack stack;
    private static Exception failure;

    private SharedStack() {}

    static synchronized Stack get() throws Exception {
        if (failure != null) {
            throw new IllegalStateException("The suite did not start for an earlier test class", failure);
        }
        if (stack == null) {
            try {
                stack = start();
            } catch (Exception e) {
                failure = e;
                throw e;
            }
            Runtime.getRuntime().addShutdownHook(new Thread(stack::close, "stop-the-suite"));
        }
        return stack;
    }

    private static Stack start() throws Exception {
        Path home = Path.of(System.getProperty("ssi.e2e.home"));
        deleteRecursively(home.resolve("postgres"));
        deleteRecursively(home.resolve("keycloak-26.7.3/data/h2"));
        StackConfig config = new StackConfig(
                Path.of(System.getProperty("ssi.repository")).toAbsolutePath().normalize(),
                home,
                Stack.freePort(),
                Stack.freePort(),
                Stack.freePort(),
                Stack.freePort(),
                Stack.freePort(),
                0,
                null,
                null,
                null,
                null,
                Path.of(System.getProperty("ssi.keycloak.zip")));
        return Stack.start(config);
    }

    static void deleteRecursively(Path path) throws Exception {
        if (Files.exists(path)) {
            try (Stream<Path> files = Files.walk(path)) {
                files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }
}
