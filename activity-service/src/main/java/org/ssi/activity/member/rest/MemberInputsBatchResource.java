package org.ssi.activity.member.rest;

import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.ssi.activity.binding.Bound;
import org.ssi.activity.member.repository.MemberRepository;
import org.ssi.activity.member.service.MemberInputs;
import org.ssi.activity.member.service.MemberService;
import org.ssi.problem.Problem;
import org.ssi.problem.Problem.FieldError;
import org.ssi.problem.ProblemException;

/**
 * The model inputs of many members for one day in one call, for scoring-service's feed follower, rollover and
 * rescoring jobs; each member's inputs equal what {@code GET /internal/members/{id}/inputs} answers for it.
 */
@Path("/internal/member-inputs")
@Produces(MediaType.APPLICATION_JSON)
public class MemberInputsBatchResource {

    /** The most member ids one request may name. */
    public static final int MAX_MEMBERS = 1000;

    static final String MEMBERS_RULE = "must be an array of 1 to " + MAX_MEMBERS + " member ids";

    /**
     * The answer: the inputs of each known member, in member id order, and the ids the directory does not know.
     */
    public record InputsBatch(LocalDate day, List<MemberInputs> inputs, List<String> unknown) {}

    private record Request(LocalDate day, List<String> members) {}

    private final MemberRepository repository;

    public MemberInputsBatchResource(MemberRepository repository) {
        this.repository = repository;
    }

    /** {@code {"day": "YYYY-MM-DD" (default today, UTC), "members": [1 to 1000 member ids]}}. */
    @POST
    @RolesAllowed({"service", "admin"})
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(
            operationId = "getMembersInputs",
            summary = "What the scoring model reads about each of up to 1000 members for a day")
    public Uni<InputsBatch> inputs(
            @RequestBody(content = @Content(schema = @Schema(implementation = MemberInputsRequest.class)))
                    Bound<MemberInputsRequest> body) {
        Request request = parse(Bound.orNothing(body, MemberInputsRequest.class));
        return repository.inputs(request.members(), request.day()).map(found -> answer(request, found));
    }

    private static InputsBatch answer(Request request, List<MemberInputs> found) {
        Set<String> unknown = new TreeSet<>(request.members());
        found.forEach(in -> unknown.remove(in.memberId()));
        return new InputsBatch(request.day(), found, List.copyOf(unknown));
    }

    private static Request parse(Bound<MemberInputsRequest> body) {
        MemberInputsRequest request = body.value();
        if (request == null) {
            throw new ProblemException(Problem.invalid("The body must be a JSON object", body.errors()));
        }
        List<FieldError> errors = new ArrayList<>(body.errors());
        LocalDate day = day(request.day(), errors);
        List<String> members = members(request.members(), errors);
        if (!errors.isEmpty()) {
            throw new ProblemException(Problem.invalid("The request is not valid; nothing was looked up", errors));
        }
        return new Request(day, members);
    }

    private static LocalDate day(String day, List<FieldError> errors) {
        if (day == null) {
            return LocalDate.now(ZoneOffset.UTC);
        }
        try {
            return LocalDate.parse(day);
        } catch (DateTimeParseException e) {
            errors.add(new FieldError("/day", "must be a date YYYY-MM-DD"));
            return null;
        }
    }

    private static List<String> members(List<String> ids, List<FieldError> errors) {
        if (ids == null) {
            return List.of();
        }
        if (ids.isEmpty() || ids.size() > MAX_MEMBERS) {
            errors.add(new FieldError("/members", MEMBERS_RULE));
            return List.of();
        }
        List<String> members = new ArrayList<>(ids.size());
        for (int i = 0; i < ids.size(); i++) {
            String id = ids.get(i);
            if (id != null && MemberService.ID.matcher(id).matches()) {
                members.add(id);
            } else if (id != null) {
                errors.add(new FieldError("/members/" + i, "must be a string matching " + MemberService.ID.pattern()));
            }
        }
        return members;
    }
}
