package org.ssi.k8s;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Where the repository's files are; surefire passes the root (the module's parent directory). */
final class Repository {

    private Repository() {}

    static Path root() {
        return Path.of(System.getProperty("ssi.repository", ".."))
                .toAbsolutePath()
                .normalize();
    }

    static Path k8s() {
        return root().resolve("k8s");
    }

    static Path overlay(String name) {
        return k8s().resolve("overlays").resolve(name);
    }

    static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
