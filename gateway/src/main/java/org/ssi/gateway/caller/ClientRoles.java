package org.ssi.gateway.caller;

import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.identity.AuthenticationRequestContext;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.security.identity.SecurityIdentityAugmentor;
import io.quarkus.security.runtime.QuarkusSecurityIdentity;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Set;
import org.eclipse.microprofile.jwt.JsonWebToken;

/**
 * Judges the client a token was issued to ({@code azp}): a client the gateway does not serve is refused (401); a
 * write-only client keeps only the {@code ingest} role, so its token opens the ingestion and directory endpoints and
 * nothing else (403), even if its service account was given more roles, and so does a token whose only role of ours
 * is {@code ingest}; every other caller is a {@link Roles#PERSON}. A {@code PERSON} role inside a token is dropped: only the gateway grants it.
 */
@ApplicationScoped
public class ClientRoles implements SecurityIdentityAugmentor {

    private final ClientsConfig config;

    public ClientRoles(ClientsConfig config) {
        this.config = config;
    }

    @Override
    public Uni<SecurityIdentity> augment(SecurityIdentity identity, AuthenticationRequestContext context) {
        if (identity.isAnonymous() || !(identity.getPrincipal() instanceof JsonWebToken token)) {
            return Uni.createFrom().item(identity);
        }
        String client = token.getClaim("azp");
        if (client != null && !config.clients().contains(client)) {
            return Uni.createFrom()
                    .failure(new AuthenticationFailedException("Tokens of " + client + " are not accepted"));
        }
        Set<String> roles = identity.getRoles();
        boolean writeOnly = client != null && config.writeOnlyClients().contains(client) || ingestOnly(roles);
        QuarkusSecurityIdentity.Builder builder = QuarkusSecurityIdentity.builder()
                .setPrincipal(identity.getPrincipal())
                .setAnonymous(false)
                .addCredentials(identity.getCredentials())
                .addAttributes(identity.getAttributes())
                .addPermissionChecker(identity::checkPermission);
        for (String role : roles) {
            if (writeOnly ? role.equals(Roles.INGEST) : !role.equals(Roles.PERSON)) {
                builder.addRole(role);
            }
        }
        if (!writeOnly) {
            builder.addRole(Roles.PERSON);
        }
        return Uni.createFrom().item(builder.build());
    }

    /** A service account that holds {@code ingest} and no role of a person writes only, whatever its client. */
    private static boolean ingestOnly(Set<String> roles) {
        return roles.contains(Roles.INGEST)
                && !roles.contains(Roles.REP)
                && !roles.contains(Roles.MANAGER)
                && !roles.contains(Roles.ANALYST)
                && !roles.contains(Roles.ADMIN);
    }
}
