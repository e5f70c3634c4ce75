package org.ssi.gateway.admin.rest;

import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.regex.Pattern;
import org.eclipse.microprofile.jwt.JsonWebToken;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.rest.client.inject.RestClient;
import org.ssi.gateway.client.ScoringClient;
import org.ssi.gateway.upstream.Service;
import org.ssi.gateway.upstream.Upstream;
import org.ssi.problem.ProblemException;
import org.ssi.problem.ProblemType;

/**
 * Scoring model versions (role admin), forwarded to scoring-service: list, add (validated there), activate. An
 * activation answers 202 with a rescoring job whose progress is at {@code /admin/scoring-jobs/{id}}.
 *
 * <p>Contract: {@code api/openapi.yaml}, operations {@code listScoringModels}, {@code addScoringModel}, {@code getActiveScoringModel}, {@code activateScoringModel}, {@code getScoringModel}, {@code getRescoringJob}.
 */
@Path("/api/v1/admin")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed("admin")
@SecurityRequirement(name = "oidc")
public class ScoringModelAdminResource {

    /**
     * What a version or a job id may be: the REST client encodes a path segment but leaves {@code ;} in it, which
     * scoring-service would read as the start of matrix parameters, not as part of the id.
     */
    private static final Pattern ID = Pattern.compile("[A-Za-z0-9._-]{1,64}");

    private final JsonWebToken token;
    private final Upstream upstream;
    private final ScoringClient scoring;

    public ScoringModelAdminResource(JsonWebToken token, Upstream upstream, @RestClient ScoringClient scoring) {
        this.token = token;
        this.upstream = upstream;
        this.scoring = scoring;
    }

    @GET
    @Path("/scoring-models")
    @Operation(
            operationId = "listScoringModels",
            summary = "Every scoring model version: whether it is active, when and by whom it was added")
    public Uni<Response> list() {
        return upstream.forward(Service.SCORING, token.getRawToken(), scoring::models);
    }

    @POST
    @Path("/scoring-models")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(
            operationId = "addScoringModel",
            summary = "Adds a model version (the document of models/v1.json with a new version number): 201 stored,"
                    + " 200 when the same document is stored already, 409 when the number holds another document, 422"
                    + " listing each fault by JSON pointer")
    public Uni<Response> add(byte[] body) {
        return upstream.forward(Service.SCORING, token.getRawToken(), body, scoring::addModel);
    }

    @GET
    @Path("/scoring-models/active")
    @Operation(
            operationId = "getActiveScoringModel",
            summary = "The active version and the latest rescoring job (state, done of total)")
    public Uni<Response> active() {
        return upstream.forward(Service.SCORING, token.getRawToken(), scoring::activeModel);
    }

    @PUT
    @Path("/scoring-models/active")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(
            operationId = "activateScoringModel",
            summary = "Activates {\"version\": n}: every score from now on uses it, and every member's score of today"
                    + " is rescored in the background (202 with the job); past days keep their version. 409 while"
                    + " another activation is rescoring, 422 for a version that is not stored")
    public Uni<Response> activate(byte[] body) {
        return upstream.forward(Service.SCORING, token.getRawToken(), body, scoring::activateModel);
    }

    @GET
    @Path("/scoring-models/{version}")
    @Operation(operationId = "getScoringModel", summary = "A stored version's model document")
    public Uni<Response> document(@PathParam("version") String version) {
        String checked = id(version, "scoring model version");
        return upstream.forward(Service.SCORING, token.getRawToken(), call -> scoring.model(checked, call));
    }

    @GET
    @Path("/scoring-jobs/{id}")
    @Operation(
            operationId = "getRescoringJob",
            summary = "A rescoring job: version, state (running, done, failed), members done of total, start and end")
    public Uni<Response> job(@PathParam("id") String id) {
        String checked = id(id, "rescoring job");
        return upstream.forward(Service.SCORING, token.getRawToken(), call -> scoring.job(checked, call));
    }

    private static String id(String value, String what) {
        if (!ID.matcher(value).matches()) {
            throw new ProblemException(ProblemType.NOT_FOUND, "No " + what + " " + value);
        }
        return value;
    }
}
