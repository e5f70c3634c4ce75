package org.ssi.activity.member.rest;

import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.ssi.activity.member.repository.MemberRepository;
import org.ssi.problem.Problem;
import org.ssi.problem.Problem.FieldError;
import org.ssi.problem.ProblemException;

/** The whole connection graph, page by page, for ranking-service's daily snapshot of network ranks. */
@Path("/internal/connections")
@Produces(MediaType.APPLICATION_JSON)
public class ConnectionGraphResource {

    static final int MAX_LIMIT = 50_000;

    /** Connected pairs {@code [a, b]} with {@code a < b}; a page shorter than the limit is the last. */
    public record ConnectionPage(List<List<String>> pairs) {}

    private final MemberRepository members;

    public ConnectionGraphResource(MemberRepository members) {
        this.members = members;
    }

    @GET
    @RolesAllowed({"service", "admin"})
    @Operation(
            operationId = "getConnectionGraph",
            summary = "Connected pairs after (afterA, afterB), in order; ask again after the last pair")
    public Uni<ConnectionPage> pairs(
            @QueryParam("afterA") @DefaultValue("") String afterA,
            @QueryParam("afterB") @DefaultValue("") String afterB,
            @QueryParam("limit") @DefaultValue("10000") int limit) {
        if (limit < 1 || limit > MAX_LIMIT || afterA.length() > 64 || afterB.length() > 64) {
            throw new ProblemException(Problem.invalid(
                    "limit must be 1 to " + MAX_LIMIT + " and afterA, afterB member ids",
                    List.of(new FieldError("/limit", "out of range"))));
        }
        return members.connectedPairs(afterA, afterB, limit).map(ConnectionPage::new);
    }
}
