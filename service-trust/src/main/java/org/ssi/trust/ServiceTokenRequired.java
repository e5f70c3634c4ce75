package org.ssi.trust;

import io.quarkus.security.UnauthorizedException;
import io.quarkus.security.identity.CurrentIdentityAssociation;
import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.Priorities;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;
import org.ssi.problem.ProblemException;
import org.ssi.problem.ProblemType;

/**
 * The internal services trust only services: every endpoint (everything but {@code /q/*}: health, metrics, OpenAPI,
 * which are no endpoints of ours) needs a bearer token with the role {@code service}, the gateway's or a service's own.
 * No token or an invalid one is a 401, a person's or the ingest client's token a 403, both problem+json; people and
 * clients call the gateway, which calls the services for them ({@link VouchedCallerAugmentor}).
 */
public class ServiceTokenRequired {

    private final CurrentIdentityAssociation identities;

    public ServiceTokenRequired(CurrentIdentityAssociation identities) {
        this.identities = identities;
    }

    @ServerRequestFilter(priority = Priorities.AUTHORIZATION)
    public Uni<Void> requireServiceToken() {
        return identities
                .getDeferredIdentity()
                .invoke(ServiceTokenRequired::check)
                .replaceWithVoid();
    }

    private static void check(SecurityIdentity identity) {
        if (identity.isAnonymous()) {
            throw new UnauthorizedException();
        }
        if (!identity.hasRole(CallerHeaders.SERVICE_ROLE)) {
            throw new ProblemException(
                    ProblemType.FORBIDDEN,
                    "Only the suite's services may call this service; people and clients call the gateway");
        }
    }
}
