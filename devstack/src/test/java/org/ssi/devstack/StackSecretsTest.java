package org.ssi.devstack;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The secrets of the local suite: made once in SSI_HOME's secrets.properties, then the same at every start. */
class StackSecretsTest {

    @Test
    void makes_the_privacy_secret_once_beside_the_client_secrets_and_keeps_it(@TempDir Path home) throws IOException {
        assumeTrue(System.getenv("SSI_PRIVACY_SECRET") == null, "SSI_PRIVACY_SECRET would be used as it is");
        StackConfig config = new StackConfig(
                home, home, 8080, 8081, 8082, 8083, 8180, 0, null, null, null, null, home.resolve("keycloak.zip"));

        Stack.Secrets first = Stack.secrets(config);
        Stack.Secrets again = Stack.secrets(config);

        assertTrue(
                first.privacy().length() >= 16,
                "long enough for ProtectiveNoise: " + first.privacy().length());
        assertNotEquals(first.service(), first.privacy());
        assertNotEquals(first.ingest(), first.privacy());
        assertEquals(first, again, "the same secrets at the next start");
        Properties stored = new Properties();
        try (InputStream in = Files.newInputStream(home.resolve("secrets.properties"))) {
            stored.load(in);
        }
        assertEquals(first.privacy(), stored.getProperty("privacy"));
    }
}
