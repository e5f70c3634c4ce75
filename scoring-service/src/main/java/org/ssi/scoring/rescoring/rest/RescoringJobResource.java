package org.ssi.scoring.rescoring.rest;

import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.ssi.problem.ProblemException;
import org.ssi.problem.ProblemType;
import org.ssi.scoring.rescoring.repository.RescoringJobRepository.RescoringJob;
import org.ssi.scoring.rescoring.service.RescoringService;

/** The progress of the rescoring an activation started (behind {@code /api/v1/admin/scoring-jobs/{id}}). */
@Path("/internal/admin/scoring-jobs")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed("admin")
public class RescoringJobResource {

    private final RescoringService rescoring;

    public RescoringJobResource(RescoringService rescoring) {
        this.rescoring = rescoring;
    }

    @GET
    @Path("/{id}")
    @Operation(
            operationId = "getRescoringJob",
            summary = "A rescoring job: its version, state (running, done, failed), members done of total, times")
    public Uni<RescoringJob> job(@PathParam("id") String id) {
        if (!id.matches("[0-9]{1,18}")) {
            throw new ProblemException(ProblemType.NOT_FOUND, "No rescoring job " + id);
        }
        return rescoring.job(Long.parseLong(id));
    }
}
