package org.ssi.activity.audit.service;

import io.quarkus.security.identity.SecurityIdentity;
import java.util.Set;
import java.util.TreeSet;

/**
 * Who made a request, as the security identity gives it: the principal's name and the roles. Passed from the REST
 * layer to the services, which decide by it (only an admin adds industries) and write it to the audit log.
 */
public record Caller(String name, Set<String> roles) {

    public static final String ADMIN = "admin";
    private static final String SERVICE = "service";

    public Caller {
        roles = Set.copyOf(roles);
    }

    public static Caller of(SecurityIdentity identity) {
        return new Caller(identity.getPrincipal().getName(), identity.getRoles());
    }

    /** Whether the caller administers the directory, and so may add industries to the catalogue. */
    public boolean isAdmin() {
        return roles.contains(ADMIN);
    }

    /**
     * The caller as an audit line names them: {@code root [admin]}. The role {@code service} that every call through
     * the gateway carries (service-trust) is left out beside the caller's own roles: it says how the call came, not
     * who made it.
     */
    @Override
    public String toString() {
        Set<String> shown = new TreeSet<>(roles);
        if (shown.size() > 1) {
            shown.remove(SERVICE);
        }
        // The name comes from the identity provider; a control character in it must not forge another audit line.
        return name.replaceAll("\\p{Cntrl}", "?") + " " + shown;
    }
}
