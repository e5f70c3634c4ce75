package org.ssi.gateway.web.service;

import jakarta.inject.Singleton;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.FileSystem;
import java.nio.file.FileSystemAlreadyExistsException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;

/**
 * The files of the web pages (static, in {@code META-INF/resources}), each with a strong ETag: a hash of its content.
 * Read once at start, so a release with a changed page has a new tag and an unchanged page keeps its own, whatever
 * the files' timestamps say. A singleton, so that the files are read when the routes are installed, not on the event
 * loop of the first request.
 */
@Singleton
public class WebPages {

    /** Where Quarkus serves static files from, in the gateway's own jar. */
    static final String ROOT = "META-INF/resources";

    /** The page a directory answers with, as {@code quarkus.http.static-resources.index-page} has it by default. */
    static final String INDEX = "index.html";

    private final Map<String, String> tags;

    public WebPages() {
        this.tags = Map.copyOf(read());
    }

    /** The ETag of the file a request path is answered with, if it is a page file. */
    public Optional<String> etag(String requestPath) {
        return Optional.ofNullable(tags.get(requestPath));
    }

    /** Every request path that is answered with a page file, {@code /} included. */
    public Set<String> paths() {
        return tags.keySet();
    }

    private static Map<String, String> read() {
        URL index = Thread.currentThread().getContextClassLoader().getResource(ROOT + "/" + INDEX);
        if (index == null) {
            return Map.of();
        }
        try {
            URI uri = index.toURI();
            if (!"jar".equals(uri.getScheme())) {
                return tagsUnder(Path.of(uri).getParent());
            }
            try (FileSystem jar = FileSystems.newFileSystem(uri, Map.of())) {
                return tagsUnder(jar.provider().getPath(uri).getParent());
            } catch (FileSystemAlreadyExistsException e) {
                return tagsUnder(
                        FileSystems.getFileSystem(uri).provider().getPath(uri).getParent());
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Map<String, String> tagsUnder(Path root) throws IOException {
        Map<String, String> tags = new HashMap<>();
        try (Stream<Path> files = Files.walk(root)) {
            for (Path file : files.filter(Files::isRegularFile).toList()) {
                String path = "/"
                        + root.relativize(file)
                                .toString()
                                .replace(file.getFileSystem().getSeparator(), "/");
                String tag = tag(Files.readAllBytes(file));
                tags.put(path, tag);
                if (path.endsWith("/" + INDEX)) {
                    tags.put(path.substring(0, path.length() - INDEX.length()), tag);
                }
            }
        }
        return tags;
    }

    /** A strong validator: the quoted SHA-256 of the content, base64url. */
    static String tag(byte[] content) {
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256").digest(content);
            return "\"" + Base64.getUrlEncoder().withoutPadding().encodeToString(hash) + "\"";
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
