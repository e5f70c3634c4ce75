package org.ssi.gateway.caller;

import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.jwt.JsonWebToken;
import org.ssi.gateway.upstream.ServicesConfig;
import org.ssi.gateway.upstream.Upstream;
import org.ssi.problem.ProblemException;
import org.ssi.problem.ProblemType;

/** Finds the directory member behind a token: the member whose login is the token's preferred_username. */
@ApplicationScoped
public class CallerDirectory {

    private final Upstream upstream;
    private final ServicesConfig services;

    public CallerDirectory(Upstream upstream, ServicesConfig services) {
        this.upstream = upstream;
        this.services = services;
    }

    /** The caller's member id; 404 when the token names no directory member. */
    public Uni<String> memberId(JsonWebToken token) {
        String login = token.getClaim("preferred_username");
        if (login == null) {
            throw new ProblemException(ProblemType.NOT_FOUND, "The token names no user");
        }
        return upstream.getJson(
                        services.activity(),
                        "/internal/members/by-login/" + Upstream.segment(login),
                        token.getRawToken())
                .onFailure(Upstream.UpstreamProblem.class)
                .transform(e -> new ProblemException(ProblemType.NOT_FOUND, "You are not a member of the directory"))
                .map(member -> member.get("memberId").asText());
    }
}
