package org.ssi.trust;

import java.util.Set;

/** The person or client the gateway called a service for: its principal (the login) and its realm roles. */
public record VouchedCaller(String name, Set<String> roles) {

    public VouchedCaller {
        roles = Set.copyOf(roles);
    }
}
