package org.ssi.devstack;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The ports the tests start the suite on: free, never handed out twice, and out of the outgoing connections' way. */
class StackPortsTest {

    @Test
    void free_ports_are_distinct_bindable_and_below_the_ephemeral_range() throws IOException {
        int ephemeral = ephemeralRangeStart();
        Set<Integer> ports = new HashSet<>();
        for (int i = 0; i < 200; i++) {
            int port = Stack.freePort();
            assertTrue(port >= 20000 && port < ephemeral, port + " is not below " + ephemeral);
            assertTrue(ports.add(port), port + " was handed out twice");
        }
        int pair = Stack.freePortPair();
        assertTrue(!ports.contains(pair) && !ports.contains(pair + 1), "the pair reuses a port handed out before");
        try (ServerSocket first = bind(pair);
                ServerSocket second = bind(pair + 1)) {
            assertEquals(pair + 1, second.getLocalPort());
            assertEquals(pair, first.getLocalPort());
        }
    }

    private static ServerSocket bind(int port) throws IOException {
        ServerSocket socket = new ServerSocket();
        socket.bind(new InetSocketAddress("127.0.0.1", port));
        return socket;
    }

    private static int ephemeralRangeStart() throws IOException {
        Path range = Path.of("/proc/sys/net/ipv4/ip_local_port_range");
        if (!Files.exists(range)) {
            return 32768;
        }
        int start = Integer.parseInt(Files.readString(range).trim().split("\\s+")[0]);
        return start > 21000 ? start : 32768;
    }
}
