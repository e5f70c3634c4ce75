package org.ssi.ranking.release.rest;

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
import jakarta.ws.rs.core.Response;
import java.time.LocalDate;
import java.util.List;
import java.util.regex.Pattern;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.ssi.problem.Problem;
import org.ssi.problem.Problem.FieldError;
import org.ssi.problem.ProblemException;
import org.ssi.problem.ProblemType;
import org.ssi.ranking.release.repository.ReleaseRepository;
import org.ssi.ranking.release.service.GroupRelease;
import org.ssi.ranking.release.service.MemberRelease;
import org.ssi.ranking.release.service.ReleaseService;
import org.ssi.rules.DayRange;

/**
 * The releases, for the gateway, which decides who sees the exact and who the protected figures (docs/privacy.md):
 * groups' figures in the latest release and day by day, a member's protected ranks, and publishing a release.
 */
@Path("/internal")
@Produces(MediaType.APPLICATION_JSON)
@Authenticated
public class ReleaseResource {

    private static final Pattern ID = Pattern.compile("[A-Za-z0-9._-]{1,64}");
    private static final Pattern INDUSTRY = Pattern.compile("[a-z0-9-]{2,64}");
    private static final int MAX_GROUPS = 10_000;

    /** A member's protected ranks on each release day of the range. */
    public record RankHistory(String memberId, LocalDate from, LocalDate to, List<MemberRelease> days) {}

    private final ReleaseRepository releases;
    private final ReleaseService service;

    public ReleaseResource(ReleaseRepository releases, ReleaseService service) {
        this.releases = releases;
        this.service = service;
    }

    @POST
    @Path("/releases")
    @RolesAllowed({"admin", "service"})
    @Operation(operationId = "publishRelease", summary = "Publishes a release of every group's figures and rank now")
    public Response publish() {
        return Response.status(Response.Status.CREATED)
                .entity(service.publish())
                .build();
    }

    @GET
    @Path("/releases/latest/{kind}")
    @Operation(
            operationId = "getLatestGroupReleases",
            summary = "The groups' exact and protected figures in the latest release that holds each of them")
    public Uni<List<GroupRelease>> latest(@PathParam("kind") String kind, @QueryParam("code") List<String> codes) {
        return releases.latestGroups(kind(kind), codes(kind, codes));
    }

    @GET
    @Path("/releases/history/{kind}")
    @Operation(
            operationId = "getGroupReleaseHistory",
            summary = "The groups' figures in the last release of each day from `from` to `to` (default: 90 days)")
    public Uni<List<GroupRelease>> history(
            @PathParam("kind") String kind,
            @QueryParam("code") List<String> codes,
            @QueryParam("from") String from,
            @QueryParam("to") String to) {
        DayRange range = DayRange.parse(from, to);
        return releases.groupHistory(kind(kind), codes(kind, codes), range.from(), range.to());
    }

    @GET
    @Path("/releases/latest/members/{memberId}")
    @Operation(operationId = "getMemberRelease", summary = "A member's protected ranks in the latest release")
    public Uni<MemberRelease> member(@PathParam("memberId") String memberId) {
        requireMember(memberId);
        return releases.latestMember(memberId).map(found -> {
            if (found == null) {
                throw new ProblemException(ProblemType.NOT_FOUND, "No release holds member " + memberId + " yet");
            }
            return found;
        });
    }

    @GET
    @Path("/rank-history/{memberId}")
    @Operation(
            operationId = "getRankHistory",
            summary = "A member's protected industry and network ranks on each release day from `from` to `to`")
    public Uni<RankHistory> rankHistory(
            @PathParam("memberId") String memberId, @QueryParam("from") String from, @QueryParam("to") String to) {
        requireMember(memberId);
        DayRange range = DayRange.parse(from, to);
        return releases.memberHistory(memberId, range.from(), range.to())
                .map(days -> new RankHistory(memberId, range.from(), range.to(), days));
    }

    private static String kind(String kind) {
        if (!kind.equals("teams") && !kind.equals("industries")) {
            throw new ProblemException(ProblemType.NOT_FOUND, "No group kind " + kind);
        }
        return kind.equals("teams") ? GroupRelease.TEAM : GroupRelease.INDUSTRY;
    }

    private static List<String> codes(String kind, List<String> codes) {
        Pattern pattern = kind.equals("teams") ? ID : INDUSTRY;
        if (codes == null
                || codes.isEmpty()
                || codes.size() > MAX_GROUPS
                || !codes.stream().allMatch(code -> pattern.matcher(code).matches())) {
            throw new ProblemException(Problem.invalid(
                    "code: 1 to " + MAX_GROUPS + " group codes", List.of(new FieldError("/code", "invalid codes"))));
        }
        return codes;
    }

    private static void requireMember(String memberId) {
        if (!ID.matcher(memberId).matches()) {
            throw new ProblemException(ProblemType.NOT_FOUND, "No member " + memberId);
        }
    }
}
