package org.ssi.gateway.privacy.rest;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.container.ContainerResponseContext;
import jakarta.ws.rs.container.ResourceInfo;
import java.io.IOException;
import java.lang.reflect.Method;
import java.util.Set;
import org.jboss.resteasy.reactive.server.ServerResponseFilter;
import org.ssi.problem.ProblemType;

/**
 * Counts every answer in which the gateway withholds a group's figures, {@code ssi_privacy_refusals_total{endpoint,
 * type}}: the endpoint's route template and the problem type's last element ({@code group-too-small},
 * {@code group-difference-too-small}). One place for all of them, whether the gateway's own rules refused
 * ({@code GroupPrivacy}) or a service did and the gateway relays its answer. A sudden rise on one endpoint is someone
 * probing groups, or a release that came out smaller than expected.
 */
public class PrivacyRefusals {

    /** The 403 problems that withhold a group; a plain {@code forbidden} is about roles, not privacy. */
    static final Set<String> PRIVACY_TYPES =
            Set.of(ProblemType.GROUP_TOO_SMALL.uri(), ProblemType.GROUP_DIFFERENCE_TOO_SMALL.uri());

    private final MeterRegistry registry;
    private final ObjectMapper json;

    public PrivacyRefusals(MeterRegistry registry, ObjectMapper json) {
        this.registry = registry;
        this.json = json;
    }

    @ServerResponseFilter
    public void count(ContainerResponseContext response, ResourceInfo resource) {
        if (response.getStatus() != ProblemType.GROUP_TOO_SMALL.status() || resource.getResourceMethod() == null) {
            return;
        }
        String type = problemType(response.getEntity());
        if (type == null || !PRIVACY_TYPES.contains(type)) {
            return;
        }
        Counter.builder("ssi.privacy.refusals")
                .description("Answers that withheld a group's figures, by endpoint and problem type")
                .tag("endpoint", template(resource.getResourceClass(), resource.getResourceMethod()))
                .tag("type", type.substring(type.lastIndexOf(':') + 1))
                .register(registry)
                .increment();
    }

    /** The one member of a problem this filter reads. */
    record TypeOfProblem(String type) {}

    /** The problem's type: the gateway's own problems are strings, a service's relayed answer is bytes. */
    private String problemType(Object entity) {
        try {
            TypeOfProblem problem;
            if (entity instanceof String text) {
                problem = json.readValue(text, TypeOfProblem.class);
            } else if (entity instanceof byte[] bytes) {
                problem = json.readValue(bytes, TypeOfProblem.class);
            } else {
                return null;
            }
            return problem == null ? null : problem.type();
        } catch (IOException e) {
            return null;
        }
    }

    /** The route template as Quarkus tags {@code http_server_requests} with it, say {@code /api/v1/teams/{teamId}/ssi}. */
    static String template(Class<?> resource, Method method) {
        String path = path(resource.getAnnotation(Path.class)) + path(method.getAnnotation(Path.class));
        return path.isEmpty() ? "/" : path;
    }

    private static String path(Path path) {
        if (path == null) {
            return "";
        }
        String value = path.value().strip();
        value = value.startsWith("/") ? value : "/" + value;
        return value.endsWith("/") ? value.substring(0, value.length() - 1) : value;
    }
}
