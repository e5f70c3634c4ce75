package org.ssi.activity;

import io.restassured.path.json.JsonPath;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import org.eclipse.microprofile.config.ConfigProvider;

/**
 * Large bodies sent with the JDK's HTTP client: REST Assured copies and inspects a request body several times over,
 * which would make a test of a 40 MB upload measure the test client rather than the service. {@code auth} is the
 * headers of the call ({@code TestTokens.viaGateway} or {@code TestTokens.asService}).
 */
final class RawHttp {

    /** An answer: its status, media type and body. */
    record Answer(int status, String contentType, String body) {
        JsonPath json() {
            return JsonPath.from(body);
        }
    }

    private static final HttpClient CLIENT =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

    private RawHttp() {}

    static Answer post(String path, Map<String, String> auth, String contentType, byte[] body) {
        return send(path, auth, contentType, HttpRequest.BodyPublishers.ofByteArray(body));
    }

    /** Sends the body without a length (chunked), as a client streaming a file it has not measured does. */
    static Answer postChunked(String path, Map<String, String> auth, String contentType, byte[] body) {
        return send(
                path,
                auth,
                contentType,
                HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(body)));
    }

    static Answer get(String path, Map<String, String> auth) {
        return get(CLIENT, path, auth);
    }

    /** A GET over a client of its own: a new connection, as a reader that restarted would open. */
    static Answer getWithNewClient(String path, Map<String, String> auth) {
        return get(
                HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build(), path, auth);
    }

    private static Answer get(HttpClient client, String path, Map<String, String> auth) {
        HttpRequest.Builder request =
                HttpRequest.newBuilder(url(path)).timeout(Duration.ofMinutes(1)).GET();
        auth.forEach(request::header);
        return exchange(client, request.build());
    }

    private static Answer send(
            String path, Map<String, String> auth, String contentType, HttpRequest.BodyPublisher body) {
        HttpRequest.Builder request = HttpRequest.newBuilder(url(path))
                .timeout(Duration.ofMinutes(5))
                .header("Content-Type", contentType)
                .POST(body);
        auth.forEach(request::header);
        return exchange(CLIENT, request.build());
    }

    private static URI url(String path) {
        int port = ConfigProvider.getConfig().getValue("quarkus.http.test-port", Integer.class);
        return URI.create("http://localhost:" + port + path);
    }

    private static Answer exchange(HttpClient client, HttpRequest request) {
        try {
            HttpResponse<String> response = client.send(request, HttpResponse.BodyHandlers.ofString());
            return new Answer(
                    response.statusCode(),
                    response.headers().firstValue("Content-Type").orElse(null),
                    response.body());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
