package org.ssi.gateway;

import io.quarkus.runtime.Quarkus;
import io.quarkus.runtime.annotations.QuarkusMain;
import org.ssi.gateway.limits.rest.RequestHeadLimits;

/**
 * Starts the gateway. Before Quarkus starts, it turns off Quarkus's own check of the request target, which answers a
 * target that is not a valid URI with an empty 400 before any route runs (its root handler reads the system property
 * once, when its class loads): {@link RequestHeadLimits} makes the same check and answers problem+json, as the
 * contract promises. Set here rather than on each command line, so that every way of starting the gateway (the jar,
 * the container image, {@code ./ssi up}) gets it.
 */
@QuarkusMain
public final class GatewayMain {

    private GatewayMain() {}

    public static void main(String... args) {
        System.setProperty(RequestHeadLimits.QUARKUS_URI_VALIDATION, "true");
        Quarkus.run(args);
    }
}
