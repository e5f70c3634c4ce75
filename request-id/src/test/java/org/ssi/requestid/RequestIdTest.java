package org.ssi.requestid;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.UUID;
import org.junit.jupiter.api.Test;

class RequestIdTest {

    @Test
    void keeps_the_ids_of_common_proxies_and_clients() {
        for (String id : new String[] {
            "4bf92f3577b34da6a3ce929d0e0e4736", UUID.randomUUID().toString(), "crm-import:2026-11-25.7", "a".repeat(128)
        }) {
            assertEquals(id, RequestId.choose(id));
        }
    }

    @Test
    void replaces_an_id_that_could_forge_a_log_line_or_flood_it() {
        for (String id : new String[] {"", "x y", "x\nINFO forged", "x\"", "a".repeat(129), "ümlaut"}) {
            assertFalse(RequestId.sane(id), id);
            String chosen = RequestId.choose(id);
            assertNotEquals(id, chosen);
            assertTrue(RequestId.sane(chosen), chosen);
        }
    }

    @Test
    void outside_any_trace_a_new_id_each_time() {
        assertNotEquals(RequestId.choose(null), RequestId.choose(null));
    }
}
