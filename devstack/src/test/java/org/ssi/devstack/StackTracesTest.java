package org.ssi.devstack;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** ./ssi up sends traces only where SSI_OTLP_ENDPOINT names a collector. */
class StackTracesTest {

    private static final Path REPOSITORY = Path.of(".");

    @Test
    void sends_no_traces_without_an_endpoint() {
        assertNull(StackConfig.fromEnvironment(REPOSITORY, Map.of()).otlpEndpoint());
        assertNull(StackConfig.fromEnvironment(REPOSITORY, Map.of("SSI_OTLP_ENDPOINT", "  "))
                .otlpEndpoint());
    }

    @Test
    void sends_traces_to_the_endpoint_named_and_keeps_it_with_kafka() {
        StackConfig config =
                StackConfig.fromEnvironment(REPOSITORY, Map.of("SSI_OTLP_ENDPOINT", " http://localhost:4318 "));
        assertEquals("http://localhost:4318", config.otlpEndpoint());
        assertEquals("http://localhost:4318", config.withKafka(9092, 2).otlpEndpoint());
    }
}
