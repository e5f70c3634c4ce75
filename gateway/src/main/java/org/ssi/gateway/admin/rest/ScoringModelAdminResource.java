package org.ssi.gateway.admin.rest;

import io.smallrye.mutiny.Uni;
import io.vertx.core.http.HttpMethod;
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
import org.eclipse.microprofile.jwt.JsonWebToken;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.ssi.gateway.upstream.ServicesConfig;
import org.ssi.gateway.upstream.Upstream;

/**
 * Scoring model versions (role admin), forwarded to scoring-service: list, add (validated there), activate. An
 * activation answers 202 with a rescoring job whose progress is at {@code /admin/scoring-jobs/{id}}.
 */
@Path("/api/v1/admin")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed("admin")
@SecurityRequirement(name = "oidc")
public class ScoringModelAdminResource {

    private static final String MODELS = "/internal/admin/scoring-models";

    private final JsonWebToken token;
    private final Upstream upstream;
    private final ServicesConfig services;

    public ScoringModelAdminResource(JsonWebToken token, Upstream upstream, ServicesConfig services) {
        this.token = token;
        this.upstream = upstream;
        this.services = services;
    }

    @GET
    @Path("/scoring-models")
    @Operation(
            operationId = "listScoringModels",
            summary = "Every scoring model version: whether it is active, when and by whom it was added")
    public Uni<Response> list() {
        return get(MODELS);
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
        return upstream.forward(
                HttpMethod.POST, services.scoring(), MODELS, token.getRawToken(), MediaType.APPLICATION_JSON, body);
    }

    @GET
    @Path("/scoring-models/active")
    @Operation(
            operationId = "getActiveScoringModel",
            summary = "The active version and the latest rescoring job (state, done of total)")
    public Uni<Response> active() {
        return get(MODELS + "/active");
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
        return upstream.forward(
                HttpMethod.PUT,
                services.scoring(),
                MODELS + "/active",
                token.getRawToken(),
                MediaType.APPLICATION_JSON,
                body);
    }

    @GET
    @Path("/scoring-models/{version}")
    @Operation(operationId = "getScoringModel", summary = "A stored version's model document")
    public Uni<Response> document(@PathParam("version") String version) {
        return get(MODELS + "/" + Upstream.segment(version));
    }

    @GET
    @Path("/scoring-jobs/{id}")
    @Operation(
            operationId = "getRescoringJob",
            summary = "A rescoring job: version, state (running, done, failed), members done of total, start and end")
    public Uni<Response> job(@PathParam("id") String id) {
        return get("/internal/admin/scoring-jobs/" + Upstream.segment(id));
    }

    private Uni<Response> get(String path) {
        return upstream.forward(HttpMethod.GET, services.scoring(), path, token.getRawToken(), null, null);
    }
}
