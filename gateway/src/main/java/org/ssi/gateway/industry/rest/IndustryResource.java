package org.ssi.gateway.industry.rest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.quarkus.security.identity.SecurityIdentity;
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
import org.jboss.logging.Logger;
import org.ssi.gateway.caller.Roles;
import org.ssi.gateway.release.service.Releases;
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

    private static final Logger AUDIT = Logger.getLogger("ssi.audit");

    private final JsonWebToken token;
    private final SecurityIdentity identity;
    private final Upstream upstream;
    private final ServicesConfig services;
    private final Releases releases;

    public IndustryResource(
            JsonWebToken token,
            SecurityIdentity identity,
            Upstream upstream,
            ServicesConfig services,
            Releases releases) {
        this.token = token;
        this.identity = identity;
        this.upstream = upstream;
        this.services = services;
        this.releases = releases;
    }

    @GET
    @Operation(
            operationId = "getIndustrySsi",
            summary = "An industry's size, average, median, pillars and distribution",
            description = "From the latest release, with protective noise (docs/privacy.md); 403"
                    + " urn:ssi:problem:group-too-small while fewer than 10 members count toward it. Admins read the"
                    + " exact figures of the moment, audited.")
    public Uni<JsonNode> figures(@PathParam("code") String code) {
        if (!CODE.matcher(code).matches()) {
            throw new ProblemException(ProblemType.NOT_FOUND, "No industry " + code);
        }
        if (identity.hasRole(Roles.ADMIN)) {
            AUDIT.infof(
                    "admin %s read the figures of industry %s",
                    identity.getPrincipal().getName(), code);
            return upstream.getJson(
                            services.ranking(), "/internal/industries/" + code + "/aggregate", token.getRawToken())
                    .map(figures -> exact(code, figures));
        }
        return releases.latest("industries", List.of(code), token.getRawToken()).map(rows -> released(code, rows));
    }

    private static JsonNode exact(String code, JsonNode figures) {
        if (figures.get("size").asLong() == 0) {
            throw new ProblemException(ProblemType.NOT_FOUND, "No scored member has the industry " + code);
        }
        GroupPrivacy.check(figures);
        ObjectNode answer = JsonNodeFactory.instance.objectNode();
        answer.put("code", code);
        answer.put("day", LocalDate.now(ZoneOffset.UTC).toString());
        GroupPrivacy.copyFigures(figures, answer);
        return answer;
    }

    private static JsonNode released(String code, JsonNode rows) {
        if (rows.isEmpty()) {
            throw new ProblemException(ProblemType.NOT_FOUND, "No release holds the industry " + code);
        }
        JsonNode release = rows.get(0);
        GroupPrivacy.check(release.get("released"));
        ObjectNode answer = JsonNodeFactory.instance.objectNode();
        answer.put("code", code);
        answer.set("day", release.get("day"));
        answer.set("releaseId", release.get("releaseId"));
        GroupPrivacy.copyFigures(release.get("released"), answer);
        return answer;
    }
}
