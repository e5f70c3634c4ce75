package org.ssi.gateway.ratelimit.rest;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.config.MeterFilter;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.vertx.http.runtime.RouteConstants;
import io.quarkus.vertx.http.runtime.security.QuarkusHttpUser;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.net.SocketAddress;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.time.Duration;
import org.eclipse.microprofile.jwt.JsonWebToken;
import org.ssi.gateway.ratelimit.config.RateLimitConfig;
import org.ssi.gateway.ratelimit.service.CallerBuckets;
import org.ssi.problem.Problem;
import org.ssi.problem.ProblemType;

/**
 * Counts every request to the public API against its caller's bucket and answers 429 problem+json with
 * {@code Retry-After} once the bucket is empty. The caller is the token's subject once the token is verified (the
 * verification is the one the request needs anyway: Quarkus keeps it for the endpoint); a request without a valid
 * token counts against its client address, so a flood of forged tokens is limited as well.
 */
@ApplicationScoped
public class RateLimitFilter {

    static final String API = "/api/v1/*";
    private static final String API_PREFIX = "/api/v1/";
    static final String RATE_LIMITED = "ssi.rate.limited";
    /** Past this many endpoints no new one is counted: the paths are the caller's to choose. */
    static final int MAX_ENDPOINTS = 50;

    private final RateLimitConfig config;
    private final CallerBuckets buckets;
    private final ObjectMapper json;
    private final MeterRegistry registry;

    public RateLimitFilter(RateLimitConfig config, CallerBuckets buckets, ObjectMapper json, MeterRegistry registry) {
        this.config = config;
        this.buckets = buckets;
        this.json = json;
        this.registry = registry;
    }

    /**
     * The refused request never reaches an endpoint, so its route template is not known: the endpoint counted is the
     * part of the API it asked for, {@code /api/v1/teams} for {@code /api/v1/teams/emea/ssi}. As the path is the
     * caller's to choose, at most {@link #MAX_ENDPOINTS} of them are kept, so that no flood of made-up paths grows
     * the scrape.
     */
    @Produces
    @Singleton
    MeterFilter boundedEndpoints() {
        return MeterFilter.maximumAllowableTags(RATE_LIMITED, "endpoint", MAX_ENDPOINTS, MeterFilter.deny());
    }

    static String endpoint(String path) {
        if (path == null || !path.startsWith(API_PREFIX)) {
            return "other";
        }
        String rest = path.substring(API_PREFIX.length());
        int slash = rest.indexOf('/');
        return API_PREFIX + (slash < 0 ? rest : rest.substring(0, slash));
    }

    void install(@Observes Router router, Vertx vertx) {
        if (!config.enabled()) {
            return;
        }
        router.route(API).order(RouteConstants.ROUTE_ORDER_BEFORE_DEFAULT).handler(this::count);
        long sweep = Math.max(1000, config.sweepInterval().toMillis());
        vertx.setPeriodic(sweep, ignored -> buckets.forgetRefilled());
    }

    private void count(RoutingContext routing) {
        Uni<SecurityIdentity> identity = routing.get(QuarkusHttpUser.DEFERRED_IDENTITY_KEY);
        if (identity == null) {
            decide(routing, byAddress(routing));
            return;
        }
        // The first subscriber to the deferred identity also runs Quarkus's authentication-failure handler, which
        // would answer a bad token at once, before the endpoint's exception mappers could; it is set aside while the
        // identity is resolved here, so that the endpoint answers the failure (401, or 503 when the identity provider
        // is down) as problem+json.
        Object failureHandler = routing.remove(QuarkusHttpUser.AUTH_FAILURE_HANDLER);
        Context context = Vertx.currentContext();
        identity.subscribe()
                .with(
                        caller ->
                                context.runOnContext(ignored -> resume(routing, failureHandler, key(routing, caller))),
                        failure ->
                                context.runOnContext(ignored -> resume(routing, failureHandler, byAddress(routing))));
    }

    private void resume(RoutingContext routing, Object failureHandler, String caller) {
        if (failureHandler != null) {
            routing.put(QuarkusHttpUser.AUTH_FAILURE_HANDLER, failureHandler);
        }
        decide(routing, caller);
    }

    private void decide(RoutingContext routing, String caller) {
        CallerBuckets.Decision decision = buckets.take(caller);
        if (decision.allowed()) {
            routing.next();
        } else {
            refuse(routing, decision.retryAfter());
        }
    }

    private static String key(RoutingContext routing, SecurityIdentity identity) {
        if (identity == null || identity.isAnonymous()) {
            return byAddress(routing);
        }
        if (identity.getPrincipal() instanceof JsonWebToken token && token.getSubject() != null) {
            return "subject:" + token.getSubject();
        }
        return "principal:" + identity.getPrincipal().getName();
    }

    private static String byAddress(RoutingContext routing) {
        SocketAddress address = routing.request().remoteAddress();
        return "address:" + (address == null ? "unknown" : address.hostAddress());
    }

    private void refuse(RoutingContext routing, Duration retryAfter) {
        Counter.builder(RATE_LIMITED)
                .description("Requests answered 429, by the part of the API they asked for")
                .tag("endpoint", endpoint(routing.normalizedPath()))
                .register(registry)
                .increment();
        long seconds = Math.max(1, (retryAfter.toMillis() + 999) / 1000);
        Problem problem = Problem.of(
                        ProblemType.TOO_MANY_REQUESTS,
                        "You have sent more than " + config.burst() + " requests at once or more than "
                                + config.requestsPerSecond() + " a second; retry after " + seconds + " s")
                .with("retryAfterSeconds", seconds)
                .ofCurrentRequest();
        try {
            routing.response()
                    .setStatusCode(ProblemType.TOO_MANY_REQUESTS.status())
                    .putHeader(HttpHeaders.CONTENT_TYPE, Problem.MEDIA_TYPE)
                    .putHeader(HttpHeaders.RETRY_AFTER, Long.toString(seconds))
                    .end(json.writeValueAsString(problem));
        } catch (JsonProcessingException e) {
            routing.fail(e);
        }
    }
}
