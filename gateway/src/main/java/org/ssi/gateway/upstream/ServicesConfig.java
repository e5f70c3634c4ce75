package org.ssi.gateway.upstream;

import io.smallrye.config.ConfigMapping;

/** Where the services behind the gateway listen. */
@ConfigMapping(prefix = "ssi.services")
public interface ServicesConfig {

    String activity();

    String scoring();

    String ranking();
}
