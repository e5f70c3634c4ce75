package org.ssi.trust;

import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.identity.AuthenticationRequestContext;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.security.identity.SecurityIdentityAugmentor;
import io.quarkus.security.runtime.QuarkusPrincipal;
import io.quarkus.security.runtime.QuarkusSecurityIdentity;
import io.quarkus.vertx.http.runtime.security.HttpSecurityUtils;
import io.smallrye.mutiny.Uni;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Map;
import java.util.Optional;

/**
 * Makes the caller the gateway vouches for ({@link CallerHeaders}) the request's identity: its principal and its roles
 * plus {@code service}, so that each endpoint's {@code @RolesAllowed} and the audit lines judge the person or client
 * behind the gateway, not the gateway. The headers count only beside a verified token with the role {@code service};
 * beside any other token they change nothing (and {@link ServiceTokenRequired} refuses the request). A token of the
 * services without the headers stays the service itself (the change feeds).
 */
@ApplicationScoped
public class VouchedCallerAugmentor implements SecurityIdentityAugmentor {

    @Override
    public Uni<SecurityIdentity> augment(SecurityIdentity identity, AuthenticationRequestContext context) {
        return Uni.createFrom().item(identity);
    }

    @Override
    public Uni<SecurityIdentity> augment(
            SecurityIdentity identity, AuthenticationRequestContext context, Map<String, Object> attributes) {
        if (identity.isAnonymous() || !identity.hasRole(CallerHeaders.SERVICE_ROLE)) {
            return Uni.createFrom().item(identity);
        }
        RoutingContext routing = HttpSecurityUtils.getRoutingContextAttribute(attributes);
        if (routing == null) {
            routing = HttpSecurityUtils.getRoutingContextAttribute(identity);
        }
        if (routing == null) {
            return Uni.createFrom().item(identity);
        }
        HttpServerRequest request = routing.request();
        Optional<VouchedCaller> caller;
        try {
            caller =
                    CallerHeaders.read(request.getHeader(CallerHeaders.CALLER), request.getHeader(CallerHeaders.ROLES));
        } catch (CallerHeaders.MalformedCallerHeader e) {
            return Uni.createFrom().failure(new AuthenticationFailedException(e.getMessage()));
        }
        return Uni.createFrom()
                .item(caller.map(vouched -> asCaller(identity, vouched)).orElse(identity));
    }

    private static SecurityIdentity asCaller(SecurityIdentity service, VouchedCaller caller) {
        return QuarkusSecurityIdentity.builder()
                .setPrincipal(new QuarkusPrincipal(caller.name()))
                .setAnonymous(false)
                .addCredentials(service.getCredentials())
                .addAttributes(service.getAttributes())
                .addRoles(caller.roles())
                .addRole(CallerHeaders.SERVICE_ROLE)
                .build();
    }
}
