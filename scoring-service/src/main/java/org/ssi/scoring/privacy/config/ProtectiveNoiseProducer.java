package org.ssi.scoring.privacy.config;

import io.quarkus.runtime.Startup;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import org.ssi.privacy.ProtectiveNoise;

/** The one noise source of this service, keyed by {@code ssi.privacy.secret}; checked when the service starts. */
@ApplicationScoped
public class ProtectiveNoiseProducer {

    static final int MINIMUM_SECRET_LENGTH = 16;

    @Produces
    @Singleton
    @Startup
    ProtectiveNoise protectiveNoise(PrivacyConfig config) {
        return fromSecret(config.secret());
    }

    /** The noise source of a secret; a secret too short to key it stops the service with a message saying so. */
    static ProtectiveNoise fromSecret(String secret) {
        if (secret == null || secret.strip().length() < MINIMUM_SECRET_LENGTH) {
            throw new IllegalStateException("ssi.privacy.secret (env SSI_PRIVACY_SECRET) must have at least "
                    + MINIMUM_SECRET_LENGTH
                    + " characters: it keys the protective noise on group figures; set a random value, the same on"
                    + " every replica");
        }
        return ProtectiveNoise.fromSecret(secret);
    }
}
