package org.ssi.devstack;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A child process that fails to start: its failure carries the end of its log, where CI keeps nothing else. */
class ManagedProcessTest {

    @Test
    void a_process_that_exits_before_it_is_ready_fails_with_its_last_forty_lines(@TempDir Path dir) throws Exception {
        // 50 lines, the fifth with a byte that is not UTF-8, then an exit before any readiness
        String script =
                "for i in $(seq 1 50); do if [ $i = 5 ]; then printf 'bad \\377 byte\\n'; fi; echo line-$i; done;"
                        + " exit 3";
        ManagedProcess process =
                ManagedProcess.start("dies", List.of("sh", "-c", script), dir, Map.of(), dir, "http://127.0.0.1:1/");
        IllegalStateException failure =
                assertThrows(IllegalStateException.class, () -> process.awaitReady(Duration.ofSeconds(30)));

        String message = failure.getMessage();
        assertTrue(message.contains("exited (code 3)"), message);
        assertTrue(message.contains("line-50") && message.contains("line-11"), message);
        assertFalse(message.contains("line-10\n"), message);
    }
}
