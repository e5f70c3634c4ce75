package org.ssi.gateway.upstream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.smallrye.mutiny.Uni;
import io.vertx.core.http.HttpMethod;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.core.buffer.Buffer;
import io.vertx.mutiny.core.streams.ReadStream;
import io.vertx.mutiny.ext.web.client.HttpRequest;
import io.vertx.mutiny.ext.web.client.HttpResponse;
import io.vertx.mutiny.ext.web.client.WebClient;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.core.Response;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.jboss.logging.Logger;
import org.ssi.problem.ProblemException;
import org.ssi.problem.ProblemType;

/**
 * HTTP to the services behind the gateway, always with the caller's own token, so that each service validates it
 * again. An answer of 4xx is relayed as the service gave it; a service that cannot be reached is a 503.
 */
@ApplicationScoped
public class Upstream {

    private static final Logger LOG = Logger.getLogger(Upstream.class);
    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    private final WebClient client;
    private final ObjectMapper json;

    public Upstream(Vertx vertx, ObjectMapper json) {
        this.client = WebClient.create(vertx);
        this.json = json;
    }

    @PreDestroy
    void close() {
        client.close();
    }

    /** A JSON answer of a service; any other status fails with the service's problem. */
    public Uni<JsonNode> getJson(String baseUrl, String path, String token) {
        return send(HttpMethod.GET, baseUrl, path, token, null, null).map(this::jsonOrProblem);
    }

    /** Forwards a request and answers the service's response as it is. */
    public Uni<Response> forward(
            HttpMethod method, String baseUrl, String path, String token, String contentType, byte[] body) {
        return send(method, baseUrl, path, token, contentType, body).map(Upstream::relay);
    }

    /**
     * Forwards a request whose body is piped from the caller to the service as it arrives, so that a large upload is
     * never held whole in the gateway; the timeout is the time the service may take to answer once it has the body.
     */
    public Uni<Response> forwardStream(
            String baseUrl, String path, String token, String contentType, ReadStream<Buffer> body, Duration timeout) {
        HttpRequest<Buffer> request = client.requestAbs(HttpMethod.POST, baseUrl + path)
                .timeout(timeout.toMillis())
                .putHeader("Authorization", "Bearer " + token)
                .putHeader("Accept", "application/json")
                .putHeader("Content-Type", contentType);
        return request.sendStream(body)
                .onFailure(Upstream::isTransport)
                .transform(e -> unavailable(baseUrl, e))
                .map(Upstream::relay);
    }

    public static String segment(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
    }

    private Uni<HttpResponse<Buffer>> send(
            HttpMethod method, String baseUrl, String path, String token, String contentType, byte[] body) {
        HttpRequest<Buffer> request = client.requestAbs(method, baseUrl + path)
                .timeout(TIMEOUT.toMillis())
                .putHeader("Authorization", "Bearer " + token)
                .putHeader("Accept", "application/json");
        if (contentType != null) {
            request.putHeader("Content-Type", contentType);
        }
        Uni<HttpResponse<Buffer>> response = body == null ? request.send() : request.sendBuffer(Buffer.buffer(body));
        return response.onFailure(Upstream::isTransport).transform(e -> unavailable(baseUrl, e));
    }

    private static boolean isTransport(Throwable e) {
        return !(e instanceof ProblemException);
    }

    private static ProblemException unavailable(String baseUrl, Throwable e) {
        LOG.warnf("Service at %s unavailable: %s", baseUrl, e.toString());
        return new ProblemException(ProblemType.UNAVAILABLE, "A service behind the gateway is unavailable");
    }

    private JsonNode jsonOrProblem(HttpResponse<Buffer> response) {
        if (response.statusCode() == 200) {
            try {
                return json.readTree(response.body().getBytes());
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        throw new UpstreamProblem(relay(response));
    }

    private static Response relay(HttpResponse<Buffer> response) {
        if (response.statusCode() >= 500) {
            LOG.warnf("A service answered %d", response.statusCode());
            throw new ProblemException(ProblemType.UNAVAILABLE, "A service behind the gateway failed; retry later");
        }
        Response.ResponseBuilder builder = Response.status(response.statusCode());
        String type = response.getHeader("Content-Type");
        if (type != null) {
            builder.type(type);
        }
        Buffer body = response.body();
        if (body != null) {
            builder.entity(body.getBytes());
        }
        return builder.build();
    }

    /** A service's non-200 answer, relayed to the caller as it is. */
    public static final class UpstreamProblem extends RuntimeException {
        private final transient Response response;

        UpstreamProblem(Response response) {
            super("upstream answered " + response.getStatus(), null, false, false);
            this.response = response;
        }

        public Response response() {
            return response;
        }
    }
}
