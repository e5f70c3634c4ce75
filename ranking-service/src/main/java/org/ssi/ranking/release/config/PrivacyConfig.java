package org.ssi.ranking.release.config;

import io.quarkus.runtime.Startup;
import io.smallrye.config.ConfigMapping;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import org.ssi.privacy.ProtectiveNoise;

/** The server secret that keys the protective noise of every release (docs/privacy.md). */
@ConfigMapping(prefix = "ssi.privacy")
public interface PrivacyConfig {

    /** At least 16 characters, the same for every replica (SSI_PRIVACY_SECRET); never in the repository. */
    String secret();

    /** The noise source of the secret, made at start so that a missing or short secret stops the service there. */
    @Singleton
    final class NoiseSource {

        @Produces
        @Singleton
        @Startup
        ProtectiveNoise noise(PrivacyConfig config) {
            return ProtectiveNoise.fromSecret(config.secret());
        }
    }
}
