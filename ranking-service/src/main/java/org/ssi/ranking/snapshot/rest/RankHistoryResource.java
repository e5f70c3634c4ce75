package org.ssi.ranking.snapshot.rest;

import io.quarkus.security.Authenticated;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.regex.Pattern;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.ssi.problem.ProblemException;
import org.ssi.problem.ProblemType;
import org.ssi.ranking.snapshot.repository.SnapshotRepository;
import org.ssi.ranking.snapshot.service.GroupDay;
import org.ssi.ranking.snapshot.service.RankDay;
import org.ssi.ranking.snapshot.service.SnapshotService;
import org.ssi.ranking.snapshot.service.SnapshotService.SnapshotSummary;

/** The daily snapshots: a member's ranks and an industry's figures over time, for the gateway. */
@Path("/internal")
@Produces(MediaType.APPLICATION_JSON)
public class RankHistoryResource {

    private static final Pattern MEMBER_ID = Pattern.compile("[A-Za-z0-9._-]{1,64}");
    private static final Pattern INDUSTRY = Pattern.compile("[a-z0-9-]{2,64}");

    /** A member's ranks on each snapshot day of the range. */
    public record RankHistory(String memberId, LocalDate from, LocalDate to, List<RankDay> days) {}

    /** An industry's figures on each snapshot day of the range. */
    public record GroupHistory(String code, LocalDate from, LocalDate to, List<GroupDay> days) {}

    private final SnapshotRepository snapshots;
    private final SnapshotService service;

    public RankHistoryResource(SnapshotRepository snapshots, SnapshotService service) {
        this.snapshots = snapshots;
        this.service = service;
    }

    @GET
    @Path("/rank-history/{memberId}")
    @Authenticated
    @Operation(
            operationId = "getRankHistory",
            summary = "A member's industry and network ranks on each day from `from` to `to` (default: 90 days)")
    public Uni<RankHistory> member(
            @PathParam("memberId") String memberId, @QueryParam("from") String from, @QueryParam("to") String to) {
        if (!MEMBER_ID.matcher(memberId).matches()) {
            throw new ProblemException(ProblemType.NOT_FOUND, "No member " + memberId);
        }
        DayRange range = DayRange.parse(from, to);
        return snapshots
                .memberHistory(memberId, range.from(), range.to())
                .map(days -> new RankHistory(memberId, range.from(), range.to(), days));
    }

    @GET
    @Path("/industry-history/{code}")
    @Authenticated
    @Operation(
            operationId = "getIndustryHistory",
            summary = "An industry's figures on each day from `from` to `to`; under ten members only the size")
    public Uni<GroupHistory> industry(
            @PathParam("code") String code, @QueryParam("from") String from, @QueryParam("to") String to) {
        if (!INDUSTRY.matcher(code).matches()) {
            throw new ProblemException(ProblemType.NOT_FOUND, "No industry " + code);
        }
        DayRange range = DayRange.parse(from, to);
        return snapshots
                .groupHistory(GroupDay.INDUSTRY, code, range.from(), range.to())
                .map(days -> new GroupHistory(code, range.from(), range.to(), days));
    }

    /** Takes today's snapshot now (again), for an operator after a late rollover. */
    @POST
    @Path("/rank-snapshots")
    @RolesAllowed({"admin", "service"})
    @Operation(operationId = "takeRankSnapshot", summary = "Snapshots every rank and group figure under today's date")
    public SnapshotSummary take() {
        return service.take(LocalDate.now(ZoneOffset.UTC));
    }
}
