package org.ssi.gateway.upstream;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.smallrye.faulttolerance.api.TypedGuard;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.core.buffer.Buffer;
import io.vertx.mutiny.core.streams.ReadStream;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.util.TypeLiteral;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.time.temporal.ChronoUnit;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiFunction;
import java.util.function.Function;
import org.eclipse.microprofile.faulttolerance.exceptions.CircuitBreakerOpenException;
import org.eclipse.microprofile.faulttolerance.exceptions.TimeoutException;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.RestResponse;
import org.ssi.gateway.client.ServiceCall;
import org.ssi.problem.ProblemException;
import org.ssi.problem.ProblemType;
import org.ssi.requestid.RequestId;

/**
 * Every call to a service behind the gateway, made through its typed REST client ({@code org.ssi.gateway.client}),
 * with the gateway's own token ({@link ServiceToken}, role {@code service}: the services accept no other) and the
 * caller the gateway has verified in {@link CallerHeaders}, read from the caller's token, so that each service judges
 * the caller's roles again ({@link ServiceCall}). An answer of 4xx is relayed as the service gave it
 * ({@link UpstreamProblem}), except a 401, which means the service refused the gateway's token: a 503, and a new token
 * for the next call. Every call runs under its service's guard (SmallRye Fault Tolerance): a timeout, and a circuit
 * breaker that counts connection failures, timeouts and 5xx answers. A service that cannot be reached, is too slow,
 * fails, or whose breaker is open is a 503 with {@code Retry-After}. Every call names the request it is made for
 * ({@code X-Request-Id}) and carries its trace context ({@code traceparent}, added by Quarkus's OpenTelemetry
 * instrumentation of the REST client when tracing is on).
 */
@ApplicationScoped
public class Upstream {

    private static final Logger LOG = Logger.getLogger(Upstream.class);
    private static final TypeLiteral<Uni<Object>> ANSWER = new TypeLiteral<>() {};
    private static final String IDENTITY_PROVIDER = "identity-provider";

    private final ObjectMapper json;
    private final UpstreamConfig config;
    private final ServiceToken serviceToken;
    private final Map<Service, TypedGuard<Uni<Object>>> guards = new EnumMap<>(Service.class);

    public Upstream(ObjectMapper json, UpstreamConfig config, ServiceToken serviceToken) {
        this.json = json;
        this.config = config;
        this.serviceToken = serviceToken;
        for (Service service : Service.values()) {
            guards.put(service, newGuard(service));
        }
    }

    /**
     * One call to a service for the caller of {@code callerToken}: the call is made with the headers it is given, under
     * the service's guard, once the gateway has its token.
     */
    public <T> Uni<T> call(Service service, String callerToken, Function<ServiceCall, Uni<T>> call) {
        Map<String, String> caller = CallerHeaders.of(callerToken, json);
        // Read now, on the request's context: the call itself may be made from another once the token is there.
        String requestId = RequestId.current();
        return serviceToken(service.label())
                .chain(gatewayToken -> guarded(
                        service,
                        call,
                        new ServiceCall(
                                gatewayToken,
                                caller.get(CallerHeaders.CALLER),
                                caller.get(CallerHeaders.ROLES),
                                requestId)))
                .onFailure()
                .transform(e -> failure(service, e));
    }

    @SuppressWarnings("unchecked")
    private <T> Uni<T> guarded(Service service, Function<ServiceCall, Uni<T>> call, ServiceCall headers) {
        return (Uni<T>) guards.get(service).get(() -> (Uni<Object>) call.apply(headers));
    }

    /** A call whose answer is passed on to the caller as the service gave it: status, content type and body. */
    public Uni<Response> forward(
            Service service, String callerToken, Function<ServiceCall, Uni<RestResponse<byte[]>>> call) {
        return call(service, callerToken, call).map(Upstream::relay);
    }

    /**
     * Passes a JSON body on as the caller sent it, and the service's answer back as it gave it. A body that is not
     * well-formed UTF-8 is a 400 here: the services' JSON parser reads an overlong encoding (such as {@code C0 AF} for
     * {@code /}) as the character it disguises, so a value would be stored that the client never sent as such.
     */
    public Uni<Response> forward(
            Service service,
            String callerToken,
            byte[] body,
            BiFunction<byte[], ServiceCall, Uni<RestResponse<byte[]>>> call) {
        if (body != null && !isUtf8(body)) {
            return Uni.createFrom()
                    .failure(new ProblemException(ProblemType.MALFORMED_REQUEST, "The body is not well-formed UTF-8"));
        }
        return forward(service, callerToken, headers -> call.apply(body, headers));
    }

    private static Response relay(RestResponse<byte[]> answer) {
        Response.ResponseBuilder builder = Response.status(answer.getStatus());
        String type = answer.getHeaderString(HttpHeaders.CONTENT_TYPE);
        if (type != null) {
            builder.type(type);
        }
        byte[] body = answer.getEntity();
        if (body != null) {
            builder.entity(body);
        }
        return builder.build();
    }

    /**
     * A call whose request body is piped from the caller as it arrives, so that a large upload is never held whole in
     * the gateway; outside the service's guard, as its time is the upload's. The caller's body is held until the
     * gateway's token is there, so that none of it is lost.
     */
    public Uni<Response> forwardStream(
            Service service,
            String callerToken,
            ReadStream<Buffer> body,
            BiFunction<Multi<Buffer>, ServiceCall, Uni<RestResponse<byte[]>>> call) {
        Map<String, String> caller = CallerHeaders.of(callerToken, json);
        String requestId = RequestId.current();
        body.pause();
        return serviceToken(service.label())
                .onFailure()
                .invoke(e -> body.resume())
                .chain(gatewayToken -> call.apply(
                        body.toMulti(),
                        new ServiceCall(
                                gatewayToken,
                                caller.get(CallerHeaders.CALLER),
                                caller.get(CallerHeaders.ROLES),
                                requestId)))
                .map(Upstream::relay)
                .onFailure()
                .transform(e -> failure(service, e));
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

    /**
     * A service's answers of 4xx and a refused token are answers, not failures: the breaker counts connection failures,
     * timeouts and 5xx answers only.
     */
    private TypedGuard<Uni<Object>> newGuard(Service service) {
        UpstreamConfig.CircuitBreaker breaker = config.circuitBreaker();
        return TypedGuard.create(ANSWER)
                .withDescription("calls to " + service.label())
                .withTimeout()
                .duration(config.timeout().toMillis(), ChronoUnit.MILLIS)
                .done()
                .withCircuitBreaker()
                .name("upstream-" + service.label())
                .requestVolumeThreshold(breaker.requestVolumeThreshold())
                .failureRatio(breaker.failureRatio())
                .delay(breaker.delay().toMillis(), ChronoUnit.MILLIS)
                .successThreshold(breaker.successThreshold())
                .skipOn(List.of(UpstreamProblem.class, ServiceAnswers.ServiceRefused.class))
                .onStateChange(state -> LOG.warnf("The circuit breaker of %s is now %s", service.label(), state))
                .done()
                .withThreadOffload(false)
                .build();
    }

    /** What a failed call is to the caller: the service's own problem, or a 503 naming the service. */
    private RuntimeException failure(Service service, Throwable e) {
        Throwable cause = answerIn(e);
        if (cause instanceof UpstreamProblem || cause instanceof ProblemException) {
            return (RuntimeException) cause;
        }
        if (cause instanceof ServiceUnavailable unavailable) {
            return unavailable;
        }
        if (cause instanceof ServiceAnswers.ServiceRefused) {
            serviceToken.refused();
            LOG.warnf("%s refused the gateway's token; the next call gets a new one", service.label());
            return new ServiceUnavailable(
                    service.label(),
                    service.label() + " refused the gateway's credentials; retry later",
                    config.retryAfter());
        }
        if (cause instanceof CircuitBreakerOpenException) {
            return new ServiceUnavailable(
                    service.label(),
                    service.label() + " failed repeatedly; calls to it are paused",
                    config.circuitBreaker().delay());
        }
        LOG.warnf("%s unavailable: %s", service.label(), e.toString());
        String detail = isTimeout(cause)
                ? service.label() + " did not answer in time"
                : cause instanceof ServiceAnswers.ServiceFailed
                        ? service.label() + " failed; retry later"
                        : service.label() + " cannot be reached";
        return new ServiceUnavailable(service.label(), detail, config.retryAfter());
    }

    /** The gateway's own reading of an answer, where the REST client wrapped it; else the failure itself. */
    private static Throwable answerIn(Throwable e) {
        for (Throwable cause = e; cause != null; cause = cause.getCause()) {
            if (cause instanceof UpstreamProblem
                    || cause instanceof ServiceAnswers.ServiceRefused
                    || cause instanceof ServiceAnswers.ServiceFailed
                    || cause instanceof ServiceUnavailable
                    || cause instanceof ProblemException
                    || cause instanceof CircuitBreakerOpenException) {
                return cause;
            }
            if (cause.getCause() == cause) {
                break;
            }
        }
        return e;
    }

    private static boolean isTimeout(Throwable e) {
        return e instanceof TimeoutException
                || e instanceof java.util.concurrent.TimeoutException
                || String.valueOf(e.getMessage()).contains("timeout period");
    }
}
