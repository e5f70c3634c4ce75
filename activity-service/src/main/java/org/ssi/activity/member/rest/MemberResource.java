package org.ssi.activity.member.rest;

import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.ssi.activity.audit.service.Caller;
import org.ssi.activity.binding.Bound;
import org.ssi.activity.member.service.Member;
import org.ssi.activity.member.service.MemberService;

/** The members of the directory. */
@Path("/api/v1/members/{memberId}")
@Produces(MediaType.APPLICATION_JSON)
@SecurityRequirement(name = "jwt")
public class MemberResource {

    private final MemberService members;
    private final SecurityIdentity identity;

    public MemberResource(MemberService members, SecurityIdentity identity) {
        this.members = members;
        this.identity = identity;
    }

    @PUT
    @RolesAllowed({"admin", "ingest"})
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(
            operationId = "putMember",
            summary = "Creates (201) or replaces (200) a member",
            description = "The industry must be in the catalogue (GET /admin/industries); an admin naming a new code"
                    + " adds it, anyone else gets 422 at /industry. Audited.")
    public Uni<Response> put(
            @PathParam("memberId") String memberId,
            @RequestBody(content = @Content(schema = @Schema(implementation = MemberRequest.class)))
                    Bound<MemberRequest> body) {
        requireId(memberId);
        return members.put(memberId, Bound.orNothing(body, MemberRequest.class), Caller.of(identity))
                .map(MemberResource::saved);
    }

    @GET
    @RolesAllowed("admin")
    @Operation(operationId = "getMember", summary = "A member of the directory")
    public Uni<Member> get(@PathParam("memberId") String memberId) {
        requireId(memberId);
        return members.find(memberId);
    }

    private static Response saved(MemberService.Saved saved) {
        return Response.status(saved.created() ? Response.Status.CREATED : Response.Status.OK)
                .entity(saved.member())
                .build();
    }

    static void requireId(String memberId) {
        if (!MemberService.ID.matcher(memberId).matches()) {
            throw MemberService.notFound(memberId);
        }
    }
}
