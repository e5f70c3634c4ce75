package org.ssi.devstack;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The JVM that runs each service of a local stack, and its options, in one place (the benchmarks' minimal app uses
 * them too).
 *
 * <p>The services need only Java 17. When a JDK 25 or newer sits beside it (in the system's JVM folder, or named by
 * {@code SSI_SERVICE_JAVA_HOME}), the services run on it with an ahead-of-time cache (JEP 483/514): the first start
 * of a build records it and writes it when the service stops, next to the service's jar; every later start of the
 * same build loads its classes linked from it, about twice as fast. A rebuilt jar gets a cache of its own, and a
 * cache the JVM cannot use is ignored (it warns and starts without).
 *
 * <p>Memory: a heap that starts small and grows only to the live set ({@code -Xms32m}, at most 256 MB), the serial
 * collector (these are small services on a 2-core machine), and glibc held to two malloc arenas.
 */
public record ServiceJvm(Path javaHome, int feature, boolean classCache) {

    /** Heap and collector, the same for every service and for the benchmarks' minimal app. */
    public static final List<String> MEMORY_OPTIONS = List.of("-Xms32m", "-Xmx256m", "-XX:+UseSerialGC");

    /** Environment every service runs with: glibc's malloc arenas, one per core by default, cost RSS. */
    public static final Map<String, String> ENVIRONMENT = Map.of("MALLOC_ARENA_MAX", "2");

    /** The first Java feature release with a one-step AOT cache ({@code -XX:AOTCacheOutput}, JEP 514). */
    static final int AOT_CACHE_FEATURE = 25;

    /** Turns the ahead-of-time cache off ({@code false}); the tests' stacks do, so that stopping stays quick. */
    public static final String CACHE_PROPERTY = "ssi.services.aot-cache";

    private static final Pattern RELEASE_VERSION = Pattern.compile("JAVA_VERSION=\"(\\d+)");

    /**
     * {@code SSI_SERVICE_JAVA_HOME} if set; else the newest JDK 25 or later in the folder of this JVM's installation
     * (e.g. {@code /usr/lib/jvm}); else this JVM.
     */
    public static ServiceJvm find(Map<String, String> env) {
        boolean cache = !"false".equals(System.getProperty(CACHE_PROPERTY));
        String named = env.get("SSI_SERVICE_JAVA_HOME");
        if (named != null && !named.isBlank()) {
            Path home = Path.of(named.strip());
            return new ServiceJvm(home, feature(home).orElse(17), cache);
        }
        Path current = Path.of(System.getProperty("java.home"));
        return newestBeside(current)
                .orElseGet(() -> new ServiceJvm(current, Runtime.version().feature(), cache))
                .withClassCache(cache);
    }

    private ServiceJvm withClassCache(boolean cache) {
        return new ServiceJvm(javaHome, feature, cache);
    }

    /** The same JVM without a class cache. */
    public ServiceJvm withoutCache() {
        return withClassCache(false);
    }

    private static Optional<ServiceJvm> newestBeside(Path current) {
        Path folder = current.toAbsolutePath().getParent();
        if (folder == null || !Files.isDirectory(folder)) {
            return Optional.empty();
        }
        try (Stream<Path> homes = Files.list(folder)) {
            return homes.filter(home -> Files.isExecutable(home.resolve("bin/java")))
                    .flatMap(home -> feature(home).map(f -> new ServiceJvm(home, f, true)).stream())
                    .filter(jvm -> jvm.feature() >= AOT_CACHE_FEATURE)
                    .max(Comparator.comparingInt(ServiceJvm::feature));
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    /** The feature release a JDK's {@code release} file names. */
    static Optional<Integer> feature(Path home) {
        try {
            Matcher version = RELEASE_VERSION.matcher(Files.readString(home.resolve("release")));
            return version.find() ? Optional.of(Integer.parseInt(version.group(1))) : Optional.empty();
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }

    public boolean aotCache() {
        return classCache && feature >= AOT_CACHE_FEATURE;
    }

    public String java() {
        return javaHome.resolve("bin/java").toString();
    }

    /**
     * Where the cache of this build of a service lives: next to its jar, named after this JVM and the jar's time,
     * so a rebuilt jar or another JVM never reads a cache made for something else.
     */
    public Path cacheFile(Path jar) {
        long built;
        try {
            built = Files.getLastModifiedTime(jar).toMillis();
        } catch (IOException e) {
            built = 0;
        }
        return jar.resolveSibling("ssi-" + feature + "-" + built + ".aot");
    }

    /** Whether this start of the jar writes its cache when it stops (and so needs time to stop). */
    public boolean records(Path jar) {
        return aotCache() && !Files.exists(cacheFile(jar));
    }

    /** The command that starts the fast-jar {@code jar}. */
    public List<String> command(Path jar) {
        List<String> command = new ArrayList<>();
        command.add(java());
        command.addAll(MEMORY_OPTIONS);
        if (aotCache()) {
            Path cache = cacheFile(jar);
            if (!Files.exists(cache)) {
                deleteOtherCaches(cache);
            }
            command.addAll(cacheOptions(cache));
        }
        command.add("-jar");
        command.add(jar.toString());
        return command;
    }

    /**
     * The options that load the ahead-of-time cache when it exists, and otherwise record it (written at exit); for
     * the services and for Keycloak.
     */
    static List<String> cacheOptions(Path cache) {
        return List.of(
                (Files.exists(cache) ? "-XX:AOTCache=" : "-XX:AOTCacheOutput=") + cache,
                // a cache made for another build is ignored with one line, not a page of warnings
                "-Xlog:aot=error,cds=error");
    }

    /** Deletes the caches of earlier builds beside the jar (each about 100 MB). */
    private static void deleteOtherCaches(Path cache) {
        try (Stream<Path> files = Files.list(cache.getParent())) {
            for (Path old : files.filter(file -> file.getFileName().toString().matches("ssi-\\d+-\\d+\\.aot"))
                    .toList()) {
                Files.deleteIfExists(old);
            }
        } catch (IOException e) {
            // an old cache left behind costs only disk space
        }
    }

    /** Says which JVM runs the services, for the stack's log and the benchmarks' report. */
    public String description() {
        return "Java " + feature + " (" + javaHome + ")"
                + (aotCache() ? ", with an ahead-of-time cache per build" : ", without a class cache");
    }
}
