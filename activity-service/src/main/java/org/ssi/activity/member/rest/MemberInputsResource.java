package org.ssi.activity.member.rest;

import io.quarkus.security.Authenticated;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.ssi.activity.member.repository.MemberRepository;
import org.ssi.activity.member.service.Member;
import org.ssi.activity.member.service.MemberInputs;
import org.ssi.activity.member.service.MemberService;
import org.ssi.problem.Problem;
import org.ssi.problem.Problem.FieldError;
import org.ssi.problem.ProblemException;

/** Look-ups for the other services of the suite; not routed through the gateway. */
@Path("/internal/members")
@Produces(MediaType.APPLICATION_JSON)
public class MemberInputsResource {

    private final MemberService members;
    private final MemberRepository repository;

    public MemberInputsResource(MemberService members, MemberRepository repository) {
        this.members = members;
        this.repository = repository;
    }

    /** The gateway resolves the caller's token to a member with the caller's own token. */
    @GET
    @Path("/by-login/{login}")
    @Authenticated
    @Operation(operationId = "findMemberByLogin")
    public Uni<Member> byLogin(@PathParam("login") String login) {
        return members.findByLogin(login);
    }

    @GET
    @Path("/{memberId}/inputs")
    @RolesAllowed({"service", "admin"})
    @Operation(operationId = "getMemberInputs", summary = "What the scoring model reads about a member for a day")
    public Uni<MemberInputs> inputs(@PathParam("memberId") String memberId, @QueryParam("day") String day) {
        MemberResource.requireId(memberId);
        return repository
                .inputs(memberId, parseDay(day))
                .onItem()
                .ifNull()
                .failWith(() -> MemberService.notFound(memberId));
    }

    /** The members to rescore in the daily rollover of the day. */
    public record WindowChanges(LocalDate day, List<String> memberIds) {}

    @GET
    @Path("/window-changes")
    @RolesAllowed({"service", "admin"})
    @Operation(operationId = "getWindowChanges", summary = "Members whose 90-day window changed on the day")
    public Uni<WindowChanges> windowChanges(@QueryParam("day") String day) {
        LocalDate parsed = parseDay(day);
        return repository.windowChanges(parsed).map(members -> new WindowChanges(parsed, members));
    }

    @GET
    @Path("/{memberId}/connections")
    @Authenticated
    @Operation(operationId = "getMemberConnections", summary = "The members currently connected to a member")
    public Uni<List<String>> connections(@PathParam("memberId") String memberId) {
        MemberResource.requireId(memberId);
        return repository.connections(memberId);
    }

    private static LocalDate parseDay(String day) {
        if (day == null) {
            return LocalDate.now(ZoneOffset.UTC);
        }
        try {
            return LocalDate.parse(day);
        } catch (DateTimeParseException e) {
            throw new ProblemException(
                    Problem.invalid("day must be YYYY-MM-DD", List.of(new FieldError("/day", "is not a date"))));
        }
    }
}
