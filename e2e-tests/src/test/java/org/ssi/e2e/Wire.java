package org.ssi.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.ssi.devstack.Http;

/**
 * HTTP/1.1 written by hand on a socket, so that a test sends exactly the bytes it means: a request target with
 * {@code ../}, raw Unicode or stray percent signs, which {@link java.net.http.HttpClient} would refuse or rewrite, and
 * any header or body. One connection per request ({@code Connection: close}).
 */
final class Wire {

    private Wire() {}

    /** An answer: status, headers (names in lower case) and body. */
    record Reply(int status, Map<String, String> headers, String body) {

        String contentType() {
            return headers.getOrDefault("content-type", "");
        }

        boolean isProblem() {
            return contentType().startsWith("application/problem+json");
        }

        JsonNode json() {
            try {
                return Http.JSON.readTree(body);
            } catch (IOException e) {
                throw new IllegalStateException("Not JSON (" + status + "): " + body, e);
            }
        }

        @Override
        public String toString() {
            return status + " " + contentType() + " " + (body.length() > 300 ? body.substring(0, 300) + "…" : body);
        }
    }

    /** A request to build: method, base URL and the raw request target (path and query, sent as given). */
    static final class Request {
        private final String method;
        private final URI base;
        private final byte[] target;
        private final Map<String, String> headers = new LinkedHashMap<>();
        private byte[] body;

        Request(String method, String baseUrl, String target) {
            this(method, baseUrl, target.getBytes(StandardCharsets.UTF_8));
        }

        Request(String method, String baseUrl, byte[] target) {
            this.method = method;
            this.base = URI.create(baseUrl);
            this.target = target;
            headers.put("Host", base.getHost() + ":" + base.getPort());
            headers.put("Accept", "application/json");
        }

        Request token(String token) {
            if (token != null) {
                headers.put("Authorization", "Bearer " + token);
            }
            return this;
        }

        Request header(String name, String value) {
            if (value == null) {
                headers.remove(name);
            } else {
                headers.put(name, value);
            }
            return this;
        }

        Request body(String contentType, byte[] body) {
            header("Content-Type", contentType);
            this.body = body;
            return this;
        }

        int targetLength() {
            return target.length;
        }

        /**
         * Whether the request target is one RFC 3986 allows, and within the gateway's 4,096-byte request line: any
         * other is a 400 malformed-request or a 414 uri-too-long.
         */
        boolean targetIsValid() {
            if (target.length > 4_000) {
                return false;
            }
            for (int i = 0; i < target.length; i++) {
                int c = target[i] & 0xff;
                if (c == '%') {
                    if (i + 2 >= target.length || !isHex(target[i + 1]) || !isHex(target[i + 2])) {
                        return false;
                    }
                } else if (!((c >= 'a' && c <= 'z')
                        || (c >= 'A' && c <= 'Z')
                        || (c >= '0' && c <= '9')
                        || "-._~!$&'()*+,;=:@/?".indexOf(c) >= 0)) {
                    return false;
                }
            }
            return true;
        }

        private static boolean isHex(byte b) {
            return Character.digit(b, 16) >= 0;
        }

        /**
         * Hands the exchange to {@link ContractCheck}: the request too when it is one a client library could send
         * ({@link #targetIsValid()}), else only the answer.
         */
        private void checkAgainstContract(Reply reply) {
            String shown = new String(target, StandardCharsets.UTF_8);
            URI uri;
            try {
                uri = base.resolve(URI.create(shown));
            } catch (IllegalArgumentException e) {
                int query = shown.indexOf('?');
                try {
                    uri = new URI(
                            base.getScheme(),
                            base.getRawAuthority(),
                            query < 0 ? shown : shown.substring(0, query),
                            null,
                            null);
                } catch (java.net.URISyntaxException unusable) {
                    return; // not even a path to look up in the contract
                }
            }
            Map<String, List<String>> sent = new LinkedHashMap<>();
            headers.forEach((name, value) -> sent.put(name, List.of(value)));
            Map<String, List<String>> received = new LinkedHashMap<>();
            reply.headers().forEach((name, value) -> received.put(name, List.of(value)));
            ContractCheck.check(
                    new ContractCheck.Exchange(
                            method,
                            uri,
                            sent,
                            body == null ? null : new String(body, StandardCharsets.UTF_8),
                            reply.status(),
                            received,
                            reply.body()),
                    !targetIsValid());
        }

        String describe() {
            String shown = new String(target, StandardCharsets.UTF_8);
            return method + " " + (shown.length() > 200 ? shown.substring(0, 200) + "…" : shown) + " ("
                    + headers.getOrDefault("Content-Type", "no content type") + ", "
                    + (body == null ? 0 : body.length) + " bytes)";
        }

        Reply send() {
            try (Socket socket = new Socket()) {
                socket.connect(new InetSocketAddress(base.getHost(), base.getPort()), 5_000);
                socket.setSoTimeout(60_000);
                OutputStream out = socket.getOutputStream();
                ByteArrayOutputStream head = new ByteArrayOutputStream();
                head.write((method + " ").getBytes(StandardCharsets.US_ASCII));
                head.write(target);
                head.write(" HTTP/1.1\r\n".getBytes(StandardCharsets.US_ASCII));
                headers.forEach((name, value) ->
                        head.writeBytes((name + ": " + value + "\r\n").getBytes(StandardCharsets.UTF_8)));
                if (body != null) {
                    head.writeBytes(("Content-Length: " + body.length + "\r\n").getBytes(StandardCharsets.US_ASCII));
                }
                head.writeBytes("Connection: close\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
                out.write(head.toByteArray());
                try {
                    if (body != null) {
                        out.write(body);
                    }
                    out.flush();
                } catch (IOException e) {
                    // The server may answer (413) and close before it read a large body: read what it said.
                }
                Reply reply = read(socket.getInputStream());
                checkAgainstContract(reply);
                return reply;
            } catch (IOException e) {
                throw new UncheckedIOException(describe() + " failed", e);
            }
        }
    }

    private static Reply read(InputStream in) throws IOException {
        byte[] all = in.readAllBytes();
        int end = indexOf(all, "\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
        if (end < 0) {
            throw new IOException("No complete answer: " + new String(all, StandardCharsets.UTF_8));
        }
        String[] lines = new String(all, 0, end, StandardCharsets.ISO_8859_1).split("\r\n");
        int status = Integer.parseInt(lines[0].split(" ")[1]);
        Map<String, String> headers = new LinkedHashMap<>();
        for (int i = 1; i < lines.length; i++) {
            int colon = lines[i].indexOf(':');
            headers.put(
                    lines[i].substring(0, colon).trim().toLowerCase(Locale.ROOT),
                    lines[i].substring(colon + 1).trim());
        }
        byte[] body = java.util.Arrays.copyOfRange(all, end + 4, all.length);
        if ("chunked".equalsIgnoreCase(headers.get("transfer-encoding"))) {
            body = unchunk(body);
        }
        return new Reply(status, headers, new String(body, StandardCharsets.UTF_8));
    }

    private static byte[] unchunk(byte[] chunked) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int at = 0;
        while (at < chunked.length) {
            int lineEnd = indexOf(chunked, at, "\r\n".getBytes(StandardCharsets.US_ASCII));
            String size = new String(chunked, at, lineEnd - at, StandardCharsets.US_ASCII).split(";")[0].trim();
            int length = Integer.parseInt(size, 16);
            if (length == 0) {
                break;
            }
            out.write(chunked, lineEnd + 2, length);
            at = lineEnd + 2 + length + 2;
        }
        return out.toByteArray();
    }

    private static int indexOf(byte[] data, byte[] pattern) {
        return indexOf(data, 0, pattern);
    }

    private static int indexOf(byte[] data, int from, byte[] pattern) {
        outer:
        for (int i = from; i <= data.length - pattern.length; i++) {
            for (int j = 0; j < pattern.length; j++) {
                if (data[i + j] != pattern[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }
}
