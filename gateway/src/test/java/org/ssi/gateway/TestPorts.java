package org.ssi.gateway;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;

/**
 * Free ports for servers a test starts itself. A test profile and its test class are loaded by different class loaders,
 * so a port kept in a static field would be chosen twice; the choice is kept in a system property instead.
 */
final class TestPorts {

    private TestPorts() {}

    static synchronized int reserved(String name) {
        String key = "ssi.gateway.test-port." + name;
        String chosen = System.getProperty(key);
        if (chosen != null) {
            return Integer.parseInt(chosen);
        }
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            int port = socket.getLocalPort();
            System.setProperty(key, Integer.toString(port));
            return port;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
