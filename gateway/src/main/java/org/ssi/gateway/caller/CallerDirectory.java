package org.ssi.gateway.caller;

import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.jwt.JsonWebToken;
import org.eclipse.microprofile.rest.client.inject.RestClient;
import org.ssi.gateway.client.ActivityClient;
import org.ssi.gateway.client.DirectoryMember;
import org.ssi.gateway.upstream.Service;
import org.ssi.gateway.upstream.Upstream;
import org.ssi.gateway.upstream.UpstreamProblem;
import org.ssi.problem.ProblemException;
import org.ssi.problem.ProblemType;

/** Finds the directory member behind a token: the member whose login is the token's preferred_username. */
@ApplicationScoped
public class CallerDirectory {

    private final Upstream upstream;
    private final ActivityClient activity;

    public CallerDirectory(Upstream upstream, @RestClient ActivityClient activity) {
        this.upstream = upstream;
        this.activity = activity;
    }

    /** The caller's member id; 404 when the token names no directory member. */
    public Uni<String> memberId(JsonWebToken token) {
        String login = token.getClaim("preferred_username");
        if (login == null) {
            throw new ProblemException(ProblemType.NOT_FOUND, "The token names no user");
        }
        return upstream.call(Service.ACTIVITY, token.getRawToken(), call -> activity.memberByLogin(login, call))
                .onFailure(UpstreamProblem.class)
                .transform(e -> new ProblemException(ProblemType.NOT_FOUND, "You are not a member of the directory"))
                .map(DirectoryMember::memberId);
    }
}
