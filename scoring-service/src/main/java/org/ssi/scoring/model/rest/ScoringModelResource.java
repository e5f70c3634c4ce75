package org.ssi.scoring.model.rest;

import io.quarkus.security.identity.SecurityIdentity;
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
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.ssi.problem.Problem.FieldError;
import org.ssi.problem.ProblemException;
import org.ssi.problem.ProblemType;
import org.ssi.scoring.model.ModelDocument;
import org.ssi.scoring.model.repository.ModelVersionRepository.ModelVersion;
import org.ssi.scoring.model.service.ModelAdministration;
import org.ssi.scoring.rescoring.repository.RescoringJobRepository.RescoringJob;
import org.ssi.scoring.rescoring.service.RescoringService;

/** Scoring model versions: list, add, activate (behind {@code /api/v1/admin/scoring-models}). */
@Path("/internal/admin/scoring-models")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed("admin")
public class ScoringModelResource {

    /** The active version and the latest rescoring job (null before any activation). */
    public record ActiveVersion(int version, RescoringJob job) {}

    private final ModelAdministration models;
    private final RescoringService rescoring;
    private final SecurityIdentity caller;

    public ScoringModelResource(ModelAdministration models, RescoringService rescoring, SecurityIdentity caller) {
        this.models = models;
        this.rescoring = rescoring;
        this.caller = caller;
    }

    @GET
    @Operation(
            operationId = "listScoringModels",
            summary = "Every stored version: active or not, when and by whom added")
    public Uni<List<ModelVersion>> list() {
        return models.list();
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(
            operationId = "addScoringModel",
            summary = "Adds a model version, validated (422 lists each fault by JSON pointer); 201 when stored, 200"
                    + " when the same document is stored already, 409 when the number holds another document")
    public Uni<Response> add(ProposedModel body) {
        if (body == null) {
            throw ModelAdministration.invalid(
                    List.of(new FieldError("", "must be a scoring model document (a JSON object)")));
        }
        return models.add(body.document(), caller.getPrincipal().getName())
                .map(added -> Response.status(added.created() ? 201 : 200)
                        .entity(added.version())
                        .build());
    }

    @GET
    @Path("/{version}")
    @Operation(operationId = "getScoringModel", summary = "A stored version's document")
    public Uni<ModelDocument> document(@PathParam("version") String version) {
        if (!version.matches("[1-9][0-9]{0,8}")) {
            throw new ProblemException(ProblemType.NOT_FOUND, "No scoring model version " + version);
        }
        return models.document(Integer.parseInt(version));
    }

    @GET
    @Path("/active")
    @Operation(operationId = "getActiveScoringModel", summary = "The active version and its latest rescoring job")
    public Uni<ActiveVersion> active() {
        return models.list()
                .map(versions -> versions.stream()
                        .filter(ModelVersion::active)
                        .findFirst()
                        .orElseThrow()
                        .version())
                .chain(version -> rescoring.latest().map(job -> new ActiveVersion(version, job)));
    }

    @PUT
    @Path("/active")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(
            operationId = "activateScoringModel",
            summary = "Makes {\"version\": n} the active version and rescores every member's score of today with it"
                    + " in the background: 202 with the job; 409 while another activation is rescoring")
    public Uni<Response> activate(Activation body) {
        if (body == null) {
            throw Activation.invalid(new FieldError("", "must be {\"version\": n}"));
        }
        return rescoring
                .activate(body.version(), caller.getPrincipal().getName())
                .map(job -> Response.accepted(job).build());
    }
}
