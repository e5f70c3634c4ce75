package org.ssi.devstack;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

/**
 * Keycloak from its distribution on Maven Central, with the ssi realm imported at start. Built once after
 * unpacking (its file database and a local cache, as in dev mode), then started optimized: dev mode built it again
 * at every start, which took most of a warm {@code ./ssi up}.
 */
public final class KeycloakServer {

    public static final String VERSION = "26.7.3";
    public static final String REALM = "ssi";

    private KeycloakServer() {}

    /** Unpacks the distribution into the directory unless it is there already; answers Keycloak's home. */
    public static Path install(Path zip, Path parent) throws IOException {
        Path home = parent.resolve("keycloak-" + VERSION);
        if (Files.exists(home.resolve("bin/kc.sh"))) {
            return home;
        }
        if (zip == null || !Files.exists(zip)) {
            throw new IllegalStateException("Keycloak's distribution is missing: " + zip
                    + " (./ssi fetches org.keycloak:keycloak-quarkus-dist:" + VERSION + ":zip with Maven)");
        }
        Files.createDirectories(parent);
        try (ZipFile archive = new ZipFile(zip.toFile())) {
            Enumeration<? extends ZipEntry> entries = archive.entries();
            while (entries.hasMoreElements()) {
                unpack(archive, entries.nextElement(), parent);
            }
        }
        try (var scripts = Files.list(home.resolve("bin"))) {
            scripts.filter(p -> p.toString().endsWith(".sh"))
                    .forEach(p -> p.toFile().setExecutable(true));
        }
        return home;
    }

    private static void unpack(ZipFile archive, ZipEntry entry, Path parent) throws IOException {
        Path target = parent.resolve(entry.getName()).normalize();
        if (!target.startsWith(parent)) {
            throw new IOException("Unsafe entry in the archive: " + entry.getName());
        }
        if (entry.isDirectory()) {
            Files.createDirectories(target);
            return;
        }
        Files.createDirectories(target.getParent());
        try (InputStream in = archive.getInputStream(entry)) {
            Files.copy(in, target, StandardCopyOption.REPLACE_EXISTING);
        }
    }

    /** Writes the realm with the secrets and the gateway's address into Keycloak's import folder. */
    public static void writeRealm(Path home, String gatewayUrl, String ingestSecret, String serviceSecret) {
        try (InputStream template = KeycloakServer.class.getResourceAsStream("/realm/ssi-realm.json")) {
            String realm = new String(template.readAllBytes(), StandardCharsets.UTF_8)
                    .replace("@GATEWAY_URL@", gatewayUrl)
                    .replace("@INGEST_SECRET@", ingestSecret)
                    .replace("@SERVICE_SECRET@", serviceSecret);
            Path imports = Files.createDirectories(home.resolve("data/import"));
            Files.writeString(imports.resolve("ssi-realm.json"), realm);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The build options, fixed once by {@code kc.sh build}: dev mode's file database. */
    static final List<String> BUILD_OPTIONS = List.of("--db=dev-file");

    /** Runs {@code kc.sh build} once per installation (about a minute), so that every start is an optimized one. */
    public static void build(Path home, Path logDir) throws IOException {
        Path built = home.resolve("ssi-built");
        if (Files.exists(built) && Files.readString(built).equals(BUILD_OPTIONS.toString())) {
            return;
        }
        Files.createDirectories(logDir);
        List<String> command = new ArrayList<>(List.of("bash", "bin/kc.sh", "build"));
        command.addAll(BUILD_OPTIONS);
        Process build = new ProcessBuilder(command)
                .directory(home.toFile())
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(
                        logDir.resolve("keycloak-build.log").toFile()))
                .start();
        try {
            if (!build.waitFor(startupLimit().toMillis(), TimeUnit.MILLISECONDS) || build.exitValue() != 0) {
                build.destroyForcibly();
                throw new IllegalStateException("kc.sh build failed; see " + logDir.resolve("keycloak-build.log"));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while building Keycloak", e);
        }
        Files.writeString(built, BUILD_OPTIONS.toString());
        try (var caches = Files.list(home)) {
            for (Path cache : caches.filter(p -> p.getFileName().toString().endsWith(".aot"))
                    .toList()) {
                Files.delete(cache); // made for the previous build
            }
        }
    }

    /** Keycloak's ahead-of-time cache for this JVM, beside its installation (see {@link ServiceJvm}). */
    static Path cacheFile(Path home, ServiceJvm jvm) {
        return home.resolve("ssi-keycloak-" + jvm.feature() + ".aot");
    }

    /** Whether a start records Keycloak's ahead-of-time cache, which it writes as it stops. */
    public static boolean records(Path home, ServiceJvm jvm) {
        return jvm.aotCache() && !Files.exists(cacheFile(home, jvm));
    }

    /**
     * Starts the built Keycloak on the services' JVM: on a JDK 25 or later with its ahead-of-time cache, recorded by
     * the first start and written as it stops, which makes every later start about twice as fast.
     */
    public static ManagedProcess start(Path home, int port, Path logDir, ServiceJvm jvm) throws IOException {
        build(home, logDir);
        Map<String, String> env = new HashMap<>();
        env.put("JAVA_OPTS_KC_HEAP", "-Xms64m -Xmx512m");
        env.put("JAVA_HOME", jvm.javaHome().toString());
        env.put("JAVA", jvm.java()); // kc.sh prefers it to JAVA_HOME, and ./ssi exports its own
        if (jvm.aotCache()) {
            env.put("JAVA_OPTS_APPEND", String.join(" ", ServiceJvm.cacheOptions(cacheFile(home, jvm))));
        }
        String realmUrl = "http://localhost:" + port + "/realms/" + REALM;
        return ManagedProcess.start(
                "keycloak",
                List.of(
                        "bash",
                        "bin/kc.sh",
                        "start",
                        "--optimized",
                        // plain HTTP on this machine, the host name taken from each request, as in dev mode
                        "--http-enabled=true",
                        "--hostname-strict=false",
                        // one node: a local cache, no cluster discovery (dev mode's default too)
                        "--cache=local",
                        "--http-port=" + port,
                        "--import-realm",
                        // Since Keycloak 26 brute-force protection also refuses a user's concurrent logins (as
                        // "temporarily disabled", with no failure before). The local suite logs the same demo people
                        // and clients in from several threads at once; failed passwords are still counted.
                        "--spi-brute-force-protector--default-brute-force-detector--allow-concurrent-requests=true"),
                home,
                env,
                logDir,
                realmUrl + "/.well-known/openid-configuration");
    }

    /**
     * Four minutes; more on a slow or busy machine with SSI_KEYCLOAK_STARTUP_SECONDS or the system property
     * {@code ssi.keycloak.startup-minutes} (the first start also builds Keycloak once).
     */
    static Duration startupLimit() {
        String seconds = System.getenv("SSI_KEYCLOAK_STARTUP_SECONDS");
        if (seconds != null && seconds.trim().matches("[0-9]{1,5}")) {
            return Duration.ofSeconds(Long.parseLong(seconds.trim()));
        }
        return Duration.ofMinutes(Long.getLong("ssi.keycloak.startup-minutes", 4));
    }
}
