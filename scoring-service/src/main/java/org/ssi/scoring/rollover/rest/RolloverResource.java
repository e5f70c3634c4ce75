package org.ssi.scoring.rollover.rest;

import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.ssi.problem.Problem;
import org.ssi.problem.Problem.FieldError;
import org.ssi.problem.ProblemException;
import org.ssi.scoring.rollover.service.RolloverService;
import org.ssi.scoring.rollover.service.RolloverService.RolloverResult;

/** Runs the daily rollover for a day, for an administrator or a rerun after a failure. */
@Path("/internal/admin/rollover")
@Produces(MediaType.APPLICATION_JSON)
public class RolloverResource {

    private final RolloverService rollover;

    public RolloverResource(RolloverService rollover) {
        this.rollover = rollover;
    }

    @POST
    @RolesAllowed("admin")
    @Operation(operationId = "runRollover", summary = "Rescores the members whose window changed on the day")
    public Uni<RolloverResult> run(@QueryParam("day") String day) {
        return rollover.rollover(parse(day));
    }

    static LocalDate parse(String day) {
        LocalDate today = LocalDate.now(ZoneOffset.UTC);
        if (day == null) {
            return today;
        }
        LocalDate parsed;
        try {
            parsed = LocalDate.parse(day);
        } catch (DateTimeParseException e) {
            throw invalid("is not a day (YYYY-MM-DD)");
        }
        if (parsed.isAfter(today)) {
            throw invalid("must not be in the future");
        }
        if (parsed.isBefore(today.minusDays(400))) {
            throw invalid("must be within the last 400 days");
        }
        return parsed;
    }

    private static ProblemException invalid(String detail) {
        return new ProblemException(Problem.invalid("day " + detail, List.of(new FieldError("/day", detail))));
    }
}
