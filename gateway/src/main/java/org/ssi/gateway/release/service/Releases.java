package org.ssi.gateway.release.service;

import com.fasterxml.jackson.databind.JsonNode;
import io.smallrye.mutiny.Uni;
import io.vertx.core.http.HttpMethod;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.core.Response;
import java.time.LocalDate;
import java.util.Collection;
import java.util.stream.Collectors;
import org.ssi.gateway.upstream.ServicesConfig;
import org.ssi.gateway.upstream.Upstream;

/**
 * ranking-service's releases of group figures and ranks (docs/privacy.md): each group's exact and protected figures,
 * of which the gateway shows admins the first and everyone else the second.
 */
@ApplicationScoped
public class Releases {

    private final Upstream upstream;
    private final ServicesConfig services;

    public Releases(Upstream upstream, ServicesConfig services) {
        this.upstream = upstream;
        this.services = services;
    }

    /** The groups ({@code teams} or {@code industries}) in the latest release that holds each: a JSON array. */
    public Uni<JsonNode> latest(String kind, Collection<String> codes, String token) {
        return upstream.getJson(services.ranking(), "/internal/releases/latest/" + kind + "?" + codes(codes), token);
    }

    /** The groups in the last release of each day from {@code from} to {@code to}: a JSON array. */
    public Uni<JsonNode> history(String kind, Collection<String> codes, LocalDate from, LocalDate to, String token) {
        return upstream.getJson(
                services.ranking(),
                "/internal/releases/history/" + kind + "?" + codes(codes) + "&from=" + from + "&to=" + to,
                token);
    }

    /** The member's protected ranks in the latest release, or null while no release holds the member. */
    public Uni<JsonNode> member(String memberId, String token) {
        return upstream.getJson(
                        services.ranking(), "/internal/releases/latest/members/" + Upstream.segment(memberId), token)
                .onFailure(Releases::notFound)
                .recoverWithNull();
    }

    /** Publishes a release now: ranking-service's answer (201 with the release's summary). */
    public Uni<Response> publish(String token) {
        return upstream.forward(HttpMethod.POST, services.ranking(), "/internal/releases", token, null, null);
    }

    private static boolean notFound(Throwable failure) {
        return failure instanceof Upstream.UpstreamProblem problem
                && problem.response().getStatus() == Response.Status.NOT_FOUND.getStatusCode();
    }

    private static String codes(Collection<String> codes) {
        return codes.stream().map(code -> "code=" + Upstream.segment(code)).collect(Collectors.joining("&"));
    }
}
