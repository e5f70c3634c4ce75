package org.ssi.gateway.industry.rest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.regex.Pattern;
import org.eclipse.microprofile.jwt.JsonWebToken;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.ssi.gateway.caller.Roles;
import org.ssi.gateway.team.service.GroupPrivacy;
import org.ssi.gateway.upstream.ServicesConfig;
import org.ssi.gateway.upstream.Upstream;
import org.ssi.problem.ProblemException;
import org.ssi.problem.ProblemType;

/** An industry's figures, for any signed-in caller, under the same ten-member rule as teams. */
@Path("/api/v1/industries/{code}/ssi")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed(Roles.PERSON)
@SecurityRequirement(name = "oidc")
public class IndustryResource {

    private static final Pattern CODE = Pattern.compile("[a-z0-9-]{2,64}");

    private final JsonWebToken token;
    private final Upstream upstream;
    private final ServicesConfig services;

    public IndustryResource(JsonWebToken token, Upstream upstream, ServicesConfig services) {
        this.token = token;
        this.upstream = upstream;
        this.services = services;
    }

    @GET
    @Operation(
            operationId = "getIndustrySsi",
            summary = "An industry's size, average, median, pillars and distribution")
    public Uni<JsonNode> figures(@PathParam("code") String code) {
        if (!CODE.matcher(code).matches()) {
            throw new ProblemException(ProblemType.NOT_FOUND, "No industry " + code);
        }
        return upstream.getJson(services.ranking(), "/internal/industries/" + code + "/aggregate", token.getRawToken())
                .map(figures -> shown(code, figures));
    }

    private static JsonNode shown(String code, JsonNode figures) {
        long size = figures.get("size").asLong();
        if (size == 0) {
            throw new ProblemException(ProblemType.NOT_FOUND, "No scored member has the industry " + code);
        }
        GroupPrivacy.check(size, List.of(), false);
        ObjectNode answer = ((ObjectNode) figures).objectNode();
        answer.put("code", code);
        answer.put("day", LocalDate.now(ZoneOffset.UTC).toString());
        GroupPrivacy.copyFigures(figures, answer);
        return answer;
    }
}
