package org.ssi.gateway.contract;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The contract lints clean with Redocly CLI's recommended rules (redocly.yaml, api/README.md): no error, no warning.
 * Needs npx (Node.js) and the npm registry; skipped where npx is not on the PATH.
 */
class ContractLintTest {

    static final String REDOCLY = "@redocly/cli@2.77.0";
    private static final long TIMEOUT_SECONDS = 120;

    @Test
    void the_contract_lints_with_no_error_and_no_warning() throws IOException, InterruptedException {
        Path npx = onPath("npx");
        assumeTrue(npx != null, "npx is not on the PATH");
        Path root = ServedContractTest.CONTRACT
                .toAbsolutePath()
                .normalize()
                .getParent()
                .getParent();
        Path report = Files.createTempFile("redocly-lint", ".json");
        Path log = Files.createTempFile("redocly-lint", ".log");
        try {
            Process lint = new ProcessBuilder(
                            List.of(npx.toString(), "-y", REDOCLY, "lint", "api/openapi.yaml", "--format=json"))
                    .directory(root.toFile())
                    .redirectOutput(report.toFile())
                    .redirectError(log.toFile())
                    .start();
            boolean finished = lint.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS);
            if (!finished) {
                lint.destroyForcibly();
            }
            assertTrue(finished, "redocly lint did not finish in " + TIMEOUT_SECONDS + " s");
            String output = Files.readString(report);
            assertEquals(0, lint.exitValue(), () -> "redocly lint failed:\n" + output + "\n" + readQuietly(log));
            JsonNode totals = new ObjectMapper().readTree(output).path("totals");
            assertEquals(0, totals.path("errors").asInt(-1), () -> "errors:\n" + output);
            assertEquals(0, totals.path("warnings").asInt(-1), () -> "warnings:\n" + output);
        } finally {
            Files.deleteIfExists(report);
            Files.deleteIfExists(log);
        }
    }

    private static Path onPath(String command) {
        String path = System.getenv("PATH");
        if (path == null) {
            return null;
        }
        return Stream.of(path.split(File.pathSeparator))
                .map(folder -> Path.of(folder, command))
                .filter(Files::isExecutable)
                .findFirst()
                .orElse(null);
    }

    private static String readQuietly(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            return "(no log: " + e.getMessage() + ")";
        }
    }
}
