package org.ssi.activity.member.rest;

import com.fasterxml.jackson.databind.JsonNode;
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
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.eclipse.microprofile.openapi.annotations.Operation;
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

    private static final Set<String> FIELDS = Set.of("day", "members");

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
    public Uni<InputsBatch> inputs(JsonNode body) {
        Request request = parse(body);
        return repository.inputs(request.members(), request.day()).map(found -> answer(request, found));
    }

    private static InputsBatch answer(Request request, List<MemberInputs> found) {
        Set<String> unknown = new TreeSet<>(request.members());
        found.forEach(in -> unknown.remove(in.memberId()));
        return new InputsBatch(request.day(), found, List.copyOf(unknown));
    }

    private static Request parse(JsonNode body) {
        if (body == null || !body.isObject()) {
            throw new ProblemException(Problem.invalid(
                    "The body must be a JSON object", List.of(new FieldError("", "must be an object"))));
        }
        List<FieldError> errors = new ArrayList<>();
        for (Iterator<String> names = body.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (!FIELDS.contains(name)) {
                errors.add(new FieldError("/" + name, "is not a known field"));
            }
        }
        LocalDate day = day(body.get("day"), errors);
        List<String> members = members(body.get("members"), errors);
        if (!errors.isEmpty()) {
            throw new ProblemException(Problem.invalid("The request is not valid; nothing was looked up", errors));
        }
        return new Request(day, members);
    }

    private static LocalDate day(JsonNode node, List<FieldError> errors) {
        if (node == null || node.isNull()) {
            return LocalDate.now(ZoneOffset.UTC);
        }
        if (node.isTextual()) {
            try {
                return LocalDate.parse(node.textValue());
            } catch (DateTimeParseException e) {
                // reported below
            }
        }
        errors.add(new FieldError("/day", "must be a date YYYY-MM-DD"));
        return null;
    }

    private static List<String> members(JsonNode node, List<FieldError> errors) {
        if (node == null || !node.isArray() || node.isEmpty() || node.size() > MAX_MEMBERS) {
            errors.add(new FieldError("/members", "must be an array of 1 to " + MAX_MEMBERS + " member ids"));
            return List.of();
        }
        List<String> members = new ArrayList<>(node.size());
        for (int i = 0; i < node.size(); i++) {
            JsonNode id = node.get(i);
            if (id.isTextual() && MemberService.ID.matcher(id.textValue()).matches()) {
                members.add(id.textValue());
            } else {
                errors.add(new FieldError("/members/" + i, "must be a string matching " + MemberService.ID.pattern()));
            }
        }
        return members;
    }
}
