package org.ssi.gateway.member.rest;

import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.function.Function;
import java.util.regex.Pattern;
import org.eclipse.microprofile.jwt.JsonWebToken;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.jboss.logging.Logger;
import org.ssi.gateway.caller.CallerDirectory;
import org.ssi.gateway.caller.Roles;
import org.ssi.gateway.client.Explanation;
import org.ssi.gateway.me.rest.MemberScore;
import org.ssi.gateway.me.service.MemberScores;
import org.ssi.problem.ProblemException;
import org.ssi.problem.ProblemType;

/**
 * One member's figures: for that member, and for admins, every admin read written to the audit log
 * ({@code ssi.audit}).
 *
 * <p>Contract: {@code api/openapi.yaml}, operations {@code getMemberSsi}, {@code getMemberSsiExplanation}.
 */
@Path("/api/v1/members/{memberId}/ssi")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed(Roles.PERSON)
@SecurityRequirement(name = "oidc")
public class MemberScoreResource {

    private static final Logger AUDIT = Logger.getLogger("ssi.audit");
    private static final Pattern ID = Pattern.compile("[A-Za-z0-9._-]{1,64}");

    private final JsonWebToken token;
    private final SecurityIdentity identity;
    private final CallerDirectory callers;
    private final MemberScores scores;

    public MemberScoreResource(
            JsonWebToken token, SecurityIdentity identity, CallerDirectory callers, MemberScores scores) {
        this.token = token;
        this.identity = identity;
        this.callers = callers;
        this.scores = scores;
    }

    @GET
    @Operation(operationId = "getMemberSsi", summary = "A member's score, as /me/ssi; that member or an admin only")
    public Uni<MemberScore> figures(@PathParam("memberId") String memberId) {
        return allowed(memberId, "score")
                .chain(() -> scores.figures(memberId, token.getRawToken(), identity.hasRole("admin")));
    }

    @GET
    @Path("/explanation")
    @Operation(operationId = "getMemberSsiExplanation", summary = "A member's explanation; that member or an admin")
    public Uni<Explanation> explanation(@PathParam("memberId") String memberId) {
        return allowed(memberId, "explanation").chain(() -> scores.explanation(memberId, token.getRawToken()));
    }

    private Uni<Void> allowed(String memberId, String what) {
        if (!ID.matcher(memberId).matches()) {
            throw new ProblemException(ProblemType.NOT_FOUND, "No member " + memberId);
        }
        if (identity.hasRole("admin")) {
            AUDIT.infof(
                    "admin %s read the %s of member %s", (Object) token.getClaim("preferred_username"), what, memberId);
            return Uni.createFrom().voidItem();
        }
        return callers.memberId(token).map(ownOnly(memberId)).replaceWithVoid();
    }

    private static Function<String, String> ownOnly(String memberId) {
        return caller -> {
            if (!caller.equals(memberId)) {
                throw new ProblemException(ProblemType.FORBIDDEN, "You may read your own figures only");
            }
            return caller;
        };
    }
}
