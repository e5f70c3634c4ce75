package org.ssi.privacy;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.apache.commons.math3.distribution.LaplaceDistribution;

/**
 * Deterministic Laplace noise for group statistics, as LinkedIn's PriPeARL does it: the noise of a statistic is drawn
 * from a uniform number that HMAC-SHA256 derives from a server secret and the statistic's key (which statistic, of
 * which group, in which release). Asking again returns the same value, so the noise cannot be averaged away by
 * repetition; a new release draws new noise. Without the secret the noise cannot be predicted or removed.
 */
public final class ProtectiveNoise {

    private static final String HMAC = "HmacSHA256";
    private static final double TWO_TO_53 = 0x1p53;

    private final SecretKeySpec key;

    /** @param secret the server secret (at least 16 bytes); the same secret gives the same noise */
    public ProtectiveNoise(byte[] secret) {
        if (secret == null || secret.length < 16) {
            throw new IllegalArgumentException("The privacy secret needs at least 16 bytes");
        }
        this.key = new SecretKeySpec(secret.clone(), HMAC);
    }

    /** A noise source from a secret given as text (its UTF-8 bytes, hashed so any length of 16+ characters works). */
    public static ProtectiveNoise fromSecret(String secret) {
        if (secret == null || secret.length() < 16) {
            throw new IllegalArgumentException("The privacy secret needs at least 16 characters");
        }
        try {
            return new ProtectiveNoise(
                    MessageDigest.getInstance("SHA-256").digest(secret.getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * Laplace noise of mean 0 and scale {@code scale} (standard deviation {@code scale * sqrt 2}) for the statistic
     * named by the key's parts, e.g. {@code ("average", "team:emea", "release:42")}.
     */
    public double laplace(double scale, String... keyParts) {
        if (scale <= 0) {
            throw new IllegalArgumentException("A noise scale is positive: " + scale);
        }
        return new LaplaceDistribution(null, 0, scale).inverseCumulativeProbability(uniform(keyParts));
    }

    /** A number in the open interval (0, 1), the same for the same secret and key. */
    double uniform(String... keyParts) {
        byte[] digest = mac(keyParts);
        long bits = ByteBuffer.wrap(digest).getLong() >>> 11;
        return (bits + 0.5) / TWO_TO_53;
    }

    private byte[] mac(String... keyParts) {
        try {
            Mac mac = Mac.getInstance(HMAC);
            mac.init(key);
            for (String part : keyParts) {
                byte[] bytes = part.getBytes(StandardCharsets.UTF_8);
                mac.update(ByteBuffer.allocate(4).putInt(bytes.length).array());
                mac.update(bytes);
            }
            return mac.doFinal();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HMAC-SHA256 is part of every Java runtime", e);
        }
    }
}
