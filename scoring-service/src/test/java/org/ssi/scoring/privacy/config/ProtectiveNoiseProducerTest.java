package org.ssi.scoring.privacy.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/**
 * The privacy secret is checked when the service starts: a missing {@code ssi.privacy.secret} already stops it
 * (SmallRye Config: "SRCFG00014: The config property ssi.privacy.secret is required"), one too short stops it too.
 */
class ProtectiveNoiseProducerTest {

    @Test
    void refuses_a_secret_shorter_than_16_characters_naming_the_property_and_the_variable() {
        for (String secret : new String[] {null, "", "fifteen chars!!", "                  "}) {
            IllegalStateException refusal =
                    assertThrows(IllegalStateException.class, () -> ProtectiveNoiseProducer.fromSecret(secret));

            assertTrue(refusal.getMessage().contains("ssi.privacy.secret"), refusal.getMessage());
            assertTrue(refusal.getMessage().contains("SSI_PRIVACY_SECRET"), refusal.getMessage());
            assertTrue(refusal.getMessage().contains("16"), refusal.getMessage());
        }
    }

    @Test
    void keys_the_same_noise_with_the_same_secret_of_16_characters_or_more() {
        assertEquals(
                ProtectiveNoiseProducer.fromSecret("sixteen chars!!!").laplace(8, "a"),
                ProtectiveNoiseProducer.fromSecret("sixteen chars!!!").laplace(8, "a"));
    }
}
