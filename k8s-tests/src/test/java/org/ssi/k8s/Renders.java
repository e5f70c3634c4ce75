package org.ssi.k8s;

import io.fabric8.kubernetes.api.model.HasMetadata;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * The renders every check runs on: each overlay rendered by {@code kubectl kustomize} when kubectl is on the PATH,
 * otherwise the base rendered in Java. Rendered once per test run. {@code -Dssi.kubectl=<command>} names another
 * kubectl; a command that does not exist (say {@code none}) runs the checks as a machine without kubectl would.
 */
final class Renders {

    static final List<String> OVERLAYS = List.of("dev", "prod", "kafka");
    private static final String KUBECTL_COMMAND = System.getProperty("ssi.kubectl", "kubectl");
    private static final Map<String, Render> CACHE = new ConcurrentHashMap<>();
    private static final boolean KUBECTL = probeKubectl();

    private Renders() {}

    /** What the parameterized checks run on. */
    static List<Render> all() {
        return KUBECTL ? OVERLAYS.stream().map(Renders::overlay).toList() : List.of(javaBase());
    }

    static boolean kubectlAvailable() {
        return KUBECTL;
    }

    static Render overlay(String name) {
        return CACHE.computeIfAbsent(name, n -> new Render(n, kubectl(Repository.overlay(n))));
    }

    static Render javaBase() {
        return CACHE.computeIfAbsent(
                "base (Java render)",
                n -> new Render(n, JavaKustomize.render(Repository.k8s().resolve("base"))));
    }

    static List<HasMetadata> kubectl(Path directory) {
        return Manifests.parse(kustomize(directory));
    }

    static String kustomize(Path directory) {
        try {
            Process process = new ProcessBuilder(KUBECTL_COMMAND, "kustomize", directory.toString())
                    .redirectError(ProcessBuilder.Redirect.INHERIT)
                    .start();
            String yaml = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
                throw new IllegalStateException("kubectl kustomize " + directory + " failed");
            }
            return yaml;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static boolean probeKubectl() {
        try {
            Process process = new ProcessBuilder(KUBECTL_COMMAND, "version", "--client")
                    .redirectErrorStream(true)
                    .start();
            process.getInputStream().readAllBytes();
            return process.waitFor(30, TimeUnit.SECONDS) && process.exitValue() == 0;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
