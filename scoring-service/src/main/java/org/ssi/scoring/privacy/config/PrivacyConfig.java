package org.ssi.scoring.privacy.config;

import io.smallrye.config.ConfigMapping;

/**
 * The server secret that keys the protective noise on group figures (docs/privacy.md). Required, with no default:
 * without it the service does not start. The same secret on every replica gives the same figures everywhere; a new
 * secret draws new noise for every figure, so it is changed only when it may have leaked.
 */
@ConfigMapping(prefix = "ssi.privacy")
public interface PrivacyConfig {

    /** {@code ssi.privacy.secret} (env {@code SSI_PRIVACY_SECRET}): at least 16 characters, never logged. */
    String secret();
}
