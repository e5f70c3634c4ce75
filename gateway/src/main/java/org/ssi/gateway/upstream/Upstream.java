package org.ssi.gateway.upstream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.smallrye.faulttolerance.api.TypedGuard;
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
import jakarta.enterprise.util.TypeLiteral;
import jakarta.ws.rs.core.Response;
import java.io.IOException;
import java.net.URLEncoder;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.eclipse.microprofile.faulttolerance.exceptions.CircuitBreakerOpenException;
import org.eclipse.microprofile.faulttolerance.exceptions.TimeoutException;
import org.jboss.logging.Logger;
import org.ssi.problem.ProblemException;
import org.ssi.problem.ProblemType;
import org.ssi.requestid.RequestId;

/**
 * HTTP to the services behind the gateway, with the gateway's own token ({@link ServiceToken}, role {@code service}:
 * the services accept no other) and the caller the gateway has verified in {@link CallerHeaders}, read from the
 * caller's token, so that each service judges the caller's roles again. An answer of 4xx is relayed as the service
 * gave it, except a 401, which means the service refused the gateway's token: a 503, and a new token for the next
 * call. Every call runs under its service's guard (SmallRye Fault
 * Tolerance): a timeout, and a circuit breaker that counts connection failures, timeouts and 5xx answers. A service
 * that cannot be reached, is too slow, fails, or whose breaker is open is a 503 with {@code Retry-After}. Every call
 * names the request it is made for ({@code X-Request-Id}) and carries its trace context ({@code traceparent}, added by
 * Quarkus's OpenTelemetry instrumentation of the Vert.x HTTP client when tracing is on).
 */
@ApplicationScoped
public class Upstream {

    private static final Logger LOG = Logger.getLogger(Upstream.class);
    private static final TypeLiteral<Uni<HttpResponse<Buffer>>> RESPONSE = new TypeLiteral<>() {};
    private static final long CLIENT_TIMEOUT_MARGIN_MILLIS = 1000;
    private static final String IDENTITY_PROVIDER = "identity-provider";

    private final WebClient client;
    private final ObjectMapper json;
    private final ServicesConfig services;
    private final UpstreamConfig config;
    private final ServiceToken serviceToken;
    private final Map<String, TypedGuard<Uni<HttpResponse<Buffer>>>> guards = new ConcurrentHashMap<>();

    public Upstream(
            Vertx vertx, ObjectMapper json, ServicesConfig services, UpstreamConfig config, ServiceToken serviceToken) {
        this.client = WebClient.create(vertx);
        this.json = json;
        this.services = services;
        this.config = config;
        this.serviceToken = serviceToken;
    }

    @PreDestroy
    void close() {
        client.close();
    }

    /** A JSON answer of a service; any other status fails with the service's problem. */
    public Uni<JsonNode> getJson(String baseUrl, String path, String token) {
        return send(HttpMethod.GET, baseUrl, path, token, null, null).map(this::jsonOrProblem);
    }

    /**
     * Forwards a request and answers the service's response as it is. A JSON body that is not well-formed UTF-8 is a
     * 400 here: the services' JSON parser reads an overlong encoding (such as {@code C0 AF} for {@code /}) as the
     * character it disguises, so a value would be stored that the client never sent as such.
     */
    public Uni<Response> forward(
            HttpMethod method, String baseUrl, String path, String token, String contentType, byte[] body) {
        if (body != null && !isUtf8(body)) {
            return Uni.createFrom()
                    .failure(new ProblemException(ProblemType.MALFORMED_REQUEST, "The body is not well-formed UTF-8"));
        }
        return send(method, baseUrl, path, token, contentType, body).map(response -> relay(null, response));
    }

    /**
     * Forwards a request whose body is piped from the caller to the service as it arrives, so that a large upload is
     * never held whole in the gateway; the timeout is the time the service may take to answer once it has the body.
     */
    public Uni<Response> forwardStream(
            String baseUrl, String path, String token, String contentType, ReadStream<Buffer> body, Duration timeout) {
        Map<String, String> caller = forThisRequest(CallerHeaders.of(token, json));
        String service = serviceName(baseUrl);
        // The body streams from the caller as it arrives: hold it until the token is there, so that none is lost.
        body.pause();
        return serviceToken(service)
                .onFailure()
                .invoke(e -> body.resume())
                .chain(gatewayToken -> request(HttpMethod.POST, baseUrl + path, gatewayToken, caller, contentType)
                        .timeout(timeout.toMillis())
                        .sendStream(body))
                .onFailure(Upstream::isTransport)
                .transform(e -> unavailable(service, e))
                .map(response -> accepted(service, response))
                .map(response -> relay(service, response));
    }

    /**
     * The caller's headers and the id of the request being served ({@link RequestId}), read now, on the request's
     * context, as the call itself may be sent from another once the gateway's token is there.
     */
    private static Map<String, String> forThisRequest(Map<String, String> caller) {
        String requestId = RequestId.current();
        if (requestId == null) {
            return caller;
        }
        Map<String, String> headers = new LinkedHashMap<>(caller);
        headers.put(RequestId.HEADER, requestId);
        return headers;
    }

    public static String segment(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
    }

    private Uni<HttpResponse<Buffer>> send(
            HttpMethod method, String baseUrl, String path, String token, String contentType, byte[] body) {
        Map<String, String> caller = forThisRequest(CallerHeaders.of(token, json));
        String service = serviceName(baseUrl);
        // The guard's timeout decides; the client's own, a little later, only frees a connection that hangs on.
        long clientTimeout = config.timeout().toMillis() + CLIENT_TIMEOUT_MARGIN_MILLIS;
        return serviceToken(service)
                .chain(gatewayToken -> guard(service)
                        .get(() -> exchange(
                                request(method, baseUrl + path, gatewayToken, caller, contentType)
                                        .timeout(clientTimeout),
                                body)))
                .onFailure(Upstream::isTransport)
                .transform(e -> unavailable(service, e))
                .map(response -> accepted(service, response));
    }

    private HttpRequest<Buffer> request(
            HttpMethod method, String url, String gatewayToken, Map<String, String> caller, String contentType) {
        HttpRequest<Buffer> request = client.requestAbs(method, url)
                .putHeader("Authorization", "Bearer " + gatewayToken)
                .putHeader("Accept", "application/json");
        caller.forEach(request::putHeader);
        if (contentType != null) {
            request.putHeader("Content-Type", contentType);
        }
        return request;
    }

    /**
     * The gateway's token, or a 503 naming the identity provider when the gateway cannot get one (the provider down,
     * or the client secret {@code ssi.service-secret} wrong); not a failure of the service, so outside its breaker.
     */
    private Uni<String> serviceToken(String service) {
        return serviceToken
                .get()
                .ifNoItem()
                .after(config.timeout())
                .fail()
                .onFailure()
                .transform(e -> {
                    LOG.warnf("No token of the gateway for %s: %s", service, e.toString());
                    return new ServiceUnavailable(
                            IDENTITY_PROVIDER,
                            "The gateway cannot get its token for " + service + " from the identity provider",
                            config.retryAfter());
                });
    }

    /** A 401 of a service refuses the gateway's own token, never the caller's (the gateway verified that one). */
    private HttpResponse<Buffer> accepted(String service, HttpResponse<Buffer> response) {
        if (response.statusCode() == 401) {
            serviceToken.refused();
            LOG.warnf("%s refused the gateway's token; the next call gets a new one", service);
            throw new ServiceUnavailable(
                    service, service + " refused the gateway's credentials; retry later", config.retryAfter());
        }
        return response;
    }

    /** One call, failing on a 5xx answer so that the breaker counts it. */
    static boolean isUtf8(byte[] body) {
        try {
            StandardCharsets.UTF_8
                    .newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(body));
            return true;
        } catch (CharacterCodingException e) {
            return false;
        }
    }

    private static Uni<HttpResponse<Buffer>> exchange(HttpRequest<Buffer> request, byte[] body) {
        Uni<HttpResponse<Buffer>> response = body == null ? request.send() : request.sendBuffer(Buffer.buffer(body));
        return response.map(Upstream::notFailed);
    }

    private static HttpResponse<Buffer> notFailed(HttpResponse<Buffer> response) {
        if (response.statusCode() >= 500) {
            throw new ServiceFailed(response.statusCode());
        }
        return response;
    }

    private TypedGuard<Uni<HttpResponse<Buffer>>> guard(String service) {
        return guards.computeIfAbsent(service, this::newGuard);
    }

    private TypedGuard<Uni<HttpResponse<Buffer>>> newGuard(String service) {
        UpstreamConfig.CircuitBreaker breaker = config.circuitBreaker();
        return TypedGuard.create(RESPONSE)
                .withDescription("calls to " + service)
                .withTimeout()
                .duration(config.timeout().toMillis(), ChronoUnit.MILLIS)
                .done()
                .withCircuitBreaker()
                .name("upstream-" + service)
                .requestVolumeThreshold(breaker.requestVolumeThreshold())
                .failureRatio(breaker.failureRatio())
                .delay(breaker.delay().toMillis(), ChronoUnit.MILLIS)
                .successThreshold(breaker.successThreshold())
                .onStateChange(state -> LOG.warnf("The circuit breaker of %s is now %s", service, state))
                .done()
                .withThreadOffload(false)
                .build();
    }

    /** The name of the service at a base URL, for its guard and for the caller's problem. */
    private String serviceName(String baseUrl) {
        if (baseUrl.equals(services.activity())) {
            return "activity-service";
        }
        if (baseUrl.equals(services.scoring())) {
            return "scoring-service";
        }
        if (baseUrl.equals(services.ranking())) {
            return "ranking-service";
        }
        return baseUrl;
    }

    private static boolean isTimeout(Throwable e) {
        return e instanceof TimeoutException
                || e instanceof java.util.concurrent.TimeoutException
                || String.valueOf(e.getMessage()).contains("timeout period");
    }

    private static boolean isTransport(Throwable e) {
        return !(e instanceof ProblemException) && !(e instanceof ServiceUnavailable);
    }

    private ServiceUnavailable unavailable(String service, Throwable e) {
        if (e instanceof CircuitBreakerOpenException) {
            return new ServiceUnavailable(
                    service,
                    service + " failed repeatedly; calls to it are paused",
                    config.circuitBreaker().delay());
        }
        LOG.warnf("%s unavailable: %s", service, e.toString());
        String detail = isTimeout(e)
                ? service + " did not answer in time"
                : e instanceof ServiceFailed ? service + " failed; retry later" : service + " cannot be reached";
        return new ServiceUnavailable(service, detail, config.retryAfter());
    }

    /** A 5xx answer of a service: a failure for its breaker. */
    private static final class ServiceFailed extends RuntimeException {
        ServiceFailed(int status) {
            super("answered " + status, null, false, false);
        }
    }

    private JsonNode jsonOrProblem(HttpResponse<Buffer> response) {
        if (response.statusCode() == 200) {
            try {
                return json.readTree(response.body().getBytes());
            } catch (IOException | RuntimeException e) {
                LOG.warnf("A service answered 200 without JSON: %s", e.toString());
                throw new ServiceUnavailable(
                        "a service",
                        "A service behind the gateway answered something that is not JSON",
                        config.retryAfter());
            }
        }
        throw new UpstreamProblem(relay(null, response));
    }

    private Response relay(String service, HttpResponse<Buffer> response) {
        if (response.statusCode() >= 500) {
            LOG.warnf("%s answered %d", service, response.statusCode());
            throw new ServiceUnavailable(service, service + " failed; retry later", config.retryAfter());
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
