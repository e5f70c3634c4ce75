package org.ssi.e2e;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.Supplier;

/**
 * Hostile input drawn from a seeded {@link Random}: the strings attackers and broken clients send, request targets with
 * traversal and odd encodings, and JSON bodies broken in one of many ways. Every value it draws is invalid by the
 * contract (design/api.md) for where it is put, so that every request built from it must be refused.
 */
final class HostileInput {

    /** Strings that must never be taken as an id, a code, a type, a metric or a day. */
    static final List<String> STRINGS = List.of(
            " ",
            "\t",
            "null",
            "undefined",
            "NaN",
            "-Infinity",
            "1e309",
            "9".repeat(400),
            "' OR '1'='1",
            "'; DROP TABLE activity.member; --",
            "1; select pg_sleep(10)",
            "\" OR 1=1 --",
            "admin'--",
            "$1",
            "%s%s%s%n",
            "<script>alert(1)</script>",
            "\"><img src=x onerror=alert(1)>",
            "javascript:alert(1)",
            "{{7*7}}",
            "${jndi:ldap://127.0.0.1:1/a}",
            "#{T(java.lang.Runtime).getRuntime()}",
            "../../etc/passwd",
            "..%2f..%2fetc%2fpasswd",
            "%2e%2e/%2e%2e/admin",
            "..\\..\\windows\\win.ini",
            "%252e%252e%252f",
            "....//....//",
            "/admin/scoring-models",
            "a/b",
            "a%2Fb",
            "%00",
            "%",
            "%zz",
            "\u0000",
            "abc\u0000def",
            "\ud800",
            "x\udc00y",
            "\u202eevil\u202c",
            "\u200b",
            "\ufeffbom",
            "\uffff",
            "😀",
            "😀".repeat(40),
            "Ω≈ç√∫",
            "ｍｅｍｂｅｒ",
            "line\r\nX-Injected: 1",
            "a b",
            "a?b=c",
            "a#b",
            "a;b",
            "-".repeat(65),
            "a".repeat(65),
            "a".repeat(10_000),
            "😀".repeat(3_000));

    private final Random random;

    HostileInput(long seed) {
        this.random = new Random(seed);
    }

    Random random() {
        return random;
    }

    int nextInt(int bound) {
        return random.nextInt(bound);
    }

    boolean chance(int percent) {
        return random.nextInt(100) < percent;
    }

    <T> T pick(List<T> values) {
        return values.get(random.nextInt(values.size()));
    }

    @SafeVarargs
    final <T> T pick(T... values) {
        return values[random.nextInt(values.length)];
    }

    /** A hostile string, sometimes two glued together or wrapped around a harmless word. */
    String string() {
        return switch (random.nextInt(6)) {
            case 0 -> pick(STRINGS) + pick(STRINGS);
            case 1 -> "ok" + pick(STRINGS);
            default -> pick(STRINGS);
        };
    }

    // ---------------------------------------------------------------------------------------------------------------
    // Request targets

    /** A path segment that is no valid id (see {@link #isValidId}), raw, percent-encoded or encoded twice. */
    String pathSegment() {
        String value;
        do {
            value = string();
        } while (isValidId(value) || value.isBlank());
        return switch (random.nextInt(4)) {
            case 0 -> raw(value);
            case 1 -> percentEncoded(value);
            case 2 -> percentEncoded(percentEncoded(value));
            default -> pick("..", "%2e%2e", "..%2f", "%2e%2e%2f", "..;", "%2F", ".%00.", "..%5c") + raw(value);
        };
    }

    /** A query value: never a day (YYYY-MM-DD), a version or a metric, percent-encoded or raw where the bytes allow. */
    String queryValue() {
        String value = pick(
                        (Supplier<String>) this::string,
                        () -> "2026-13-01",
                        () -> "2026-02-30",
                        () -> "20261120",
                        () -> "2026-11-20T00:00:00Z",
                        () -> "+2026-11-20",
                        () -> "-999999999-01-01",
                        () -> "2026-11-20'",
                        () -> "yesterday")
                .get();
        return chance(50) ? percentEncoded(value) : raw(value);
    }

    static boolean isValidId(String value) {
        return value.matches("[A-Za-z0-9._-]{1,64}");
    }

    /**
     * The value as bytes in a request target: UTF-8, with only what would break the request line, or add a path
     * segment, encoded (a {@code ../} that resolves to another valid path is that path: AccessIT tries those).
     */
    static String raw(String value) {
        StringBuilder out = new StringBuilder();
        for (byte b : value.getBytes(StandardCharsets.UTF_8)) {
            int c = b & 0xff;
            if (c <= 0x20 || c == 0x7f || c == '?' || c == '#' || c == '/') {
                out.append('%').append(String.format("%02X", c));
            } else {
                out.append((char) c);
            }
        }
        // Bytes above 0x7f go out as they are: Wire writes the target as ISO-8859-1 would, one byte per char.
        return out.toString();
    }

    static String percentEncoded(String value) {
        StringBuilder out = new StringBuilder();
        for (byte b : value.getBytes(StandardCharsets.UTF_8)) {
            int c = b & 0xff;
            if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' || c == '_') {
                out.append((char) c);
            } else {
                out.append('%').append(String.format("%02X", c));
            }
        }
        return out.toString();
    }

    /** A request target's bytes: chars below 256 as single bytes (so {@link #raw} keeps UTF-8 as UTF-8). */
    static byte[] targetBytes(String target) {
        return target.getBytes(StandardCharsets.ISO_8859_1);
    }

    // ---------------------------------------------------------------------------------------------------------------
    // JSON bodies

    /** A JSON text to splice in as it is (numbers JSON itself cannot hold, nesting, broken fragments). */
    record Raw(String text) {}

    /** What a field of a body holds, by the contract; each kind knows values that are invalid for it. */
    enum Kind {
        ID,
        KNOWN_MEMBER,
        KNOWN_TEAM,
        EVENT_ID,
        EVENT_TYPE,
        TIME,
        DAY,
        COUNT,
        VERSION,
        NON_NEGATIVE,
        BOOLEAN,
        NAME,
        FREE_TEXT,
        CODE,
        SENIORITY,
        METRIC,
        OBJECT,
        ID_LIST
    }

    /** A field of a template body: its path (keys and indexes) and its kind. */
    record Field(List<Object> path, Kind kind) {
        static Field of(Kind kind, Object... path) {
            return new Field(List.of(path), kind);
        }
    }

    /** A value that the contract refuses for the kind. */
    Object invalidValue(Kind kind) {
        if (chance(20)) {
            return kind == Kind.ID_LIST
                    ? pick(Map.of("$gt", ""), new Raw("[[[]]]"))
                    : pick(List.of(), Map.of("$gt", ""), new Raw("[[[]]]"), new Raw("{\"\": {}}"));
        }
        return switch (kind) {
            case ID, KNOWN_MEMBER, KNOWN_TEAM, EVENT_ID, CODE, EVENT_TYPE, SENIORITY, METRIC -> constrainedString(kind);
            case TIME ->
                pick(
                        "2026-13-45T00:00:00Z",
                        "2026-11-20T09:30:00",
                        "2999-01-01T00:00:00Z",
                        "2000-01-01T00:00:00Z",
                        "yesterday",
                        "",
                        new Raw(String.valueOf(System.currentTimeMillis() / 1000 - 3600)),
                        new Raw("1e400"),
                        string());
            case DAY -> pick("2026-02-30", "20261120", "2026-11-20T00:00:00Z", "", "+999999999-12-31", string());
            case COUNT ->
                pick(
                        new Raw("0"),
                        new Raw("-1"),
                        new Raw("10001"),
                        new Raw("2.5"),
                        "3",
                        new Raw("1e400"),
                        new Raw("-1e400"),
                        new Raw("99999999999999999999999999"),
                        new Raw("9223372036854775808"),
                        new Raw("-2147483649"),
                        new Raw("0x10"),
                        new Raw("NaN"),
                        new Raw("Infinity"),
                        Boolean.TRUE);
            case VERSION ->
                pick(
                        new Raw("0"),
                        new Raw("-1"),
                        new Raw("2.5"),
                        "1",
                        new Raw("1e400"),
                        new Raw("99999999999999999999999999"),
                        new Raw("2147483648"),
                        new Raw("NaN"),
                        new Raw("null"),
                        Boolean.TRUE);
            case NON_NEGATIVE ->
                pick(new Raw("-1"), new Raw("-1e400"), new Raw("-0.01"), "3", new Raw("NaN"), new Raw("-Infinity"));
            case BOOLEAN -> pick("yes", "", new Raw("2.5"), List.of(true));
            case NAME ->
                pick(
                        "abc\u0000def",
                        "\u0000",
                        "x\ud800y",
                        "\udfff",
                        "x".repeat(201),
                        "😀".repeat(201),
                        "",
                        List.of("x"),
                        Map.of("a", "b"));
            case FREE_TEXT -> pick("abc\u0000def", "\u0000", "x\ud800y", "\udfff", List.of("x"), Map.of("a", "b"));
            case OBJECT ->
                pick(
                        "{}",
                        new Raw("1"),
                        List.of(1),
                        new Raw("true"),
                        Map.of("note", "a\u0000b"),
                        Map.of("\u0000", 1),
                        Map.of("note", "\ud800"));
            case ID_LIST -> pick(List.of(constrainedString(Kind.ID)), "m-1", Map.of("0", "m-1"), List.of(List.of()));
        };
    }

    private Object constrainedString(Kind kind) {
        int length = kind == Kind.EVENT_ID ? 129 : 65;
        return switch (random.nextInt(8)) {
            case 0 -> "x".repeat(length);
            case 1 -> "";
            case 2 ->
                switch (kind) {
                    case EVENT_TYPE, SENIORITY, METRIC -> "lead_saved";
                    case KNOWN_MEMBER, KNOWN_TEAM -> "fz-nobody-" + random.nextInt(1_000_000);
                    default -> "Fz_Nobody!";
                };
            default -> {
                String value;
                do {
                    value = string();
                } while (isValidId(value) && kind != Kind.KNOWN_MEMBER && kind != Kind.KNOWN_TEAM);
                yield value;
            }
        };
    }

    /**
     * A body built from a valid template and broken in one of many ways, each refused by the contract: cut short,
     * malformed, a field of a wrong type or value, a required field missing, nested too deep, or not UTF-8.
     */
    Mutation breakBody(Map<String, Object> template, List<Field> fields, List<List<Object>> required) {
        Map<String, Object> body = deepCopy(template);
        int how = random.nextInt(100);
        if (how < 12) {
            String json = write(body);
            return new Mutation("truncated", bytes(json.substring(0, 1 + random.nextInt(json.length() - 1))));
        }
        if (how < 22) {
            return new Mutation(
                    "malformed",
                    bytes(pick(
                            "{",
                            "}",
                            "[",
                            "{\"a\":}",
                            "{\"a\":1,}",
                            "{'a': 1}",
                            "{a: 1}",
                            "// comment\n{}",
                            "{\"a\": 01}",
                            "{\"a\": .5}",
                            "{\"a\": \"\\x41\"}",
                            "{\"a\": \"\\ud800\\u\"}",
                            "{\"a\": \"unterminated}",
                            "{\"a\" \"b\"}",
                            "\u0000",
                            "[]",
                            "null",
                            "\"just a string\"",
                            "42",
                            "true",
                            write(body) + "]",
                            write(body) + write(body),
                            "")));
        }
        if (how < 30) {
            byte[] json = bytes(write(body));
            byte[] broken = java.util.Arrays.copyOf(json, json.length + 4);
            int at = 1 + random.nextInt(json.length - 1);
            System.arraycopy(json, at, broken, at + 4, json.length - at);
            byte[] bad = pick(
                    new byte[] {(byte) 0xff, (byte) 0xfe, (byte) 0xfd, (byte) 0xfc},
                    new byte[] {(byte) 0xed, (byte) 0xa0, (byte) 0x80, ' '},
                    new byte[] {(byte) 0xc0, (byte) 0xaf, ' ', ' '},
                    new byte[] {0, 0, 0, 0});
            System.arraycopy(bad, 0, broken, at, 4);
            return new Mutation("not UTF-8 or NUL bytes", broken);
        }
        if (how < 38) {
            int depth = pick(1_001, 5_000, 100_000);
            String deep = random.nextBoolean()
                    ? "[".repeat(depth) + "]".repeat(depth)
                    : "{\"a\":".repeat(depth) + "1" + "}".repeat(depth);
            Field field = pick(fields);
            set(body, field.path(), new Raw(deep));
            return new Mutation("nested " + depth + " deep", bytes(write(body)));
        }
        if (how < 48 && !required.isEmpty()) {
            List<Object> path = pick(required);
            remove(body, path);
            return new Mutation("missing " + path, bytes(write(body)));
        }
        int changes = 1 + (chance(30) ? random.nextInt(3) : 0);
        StringBuilder what = new StringBuilder();
        for (int i = 0; i < changes; i++) {
            Field field = pick(fields);
            Object value = invalidValue(field.kind());
            set(body, field.path(), value);
            what.append(i == 0 ? "" : ", ").append(field.kind()).append(' ').append(field.path());
        }
        return new Mutation("invalid " + what, bytes(write(body)));
    }

    /** A broken body and what was broken, for the report. */
    record Mutation(String kind, byte[] body) {}

    static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> deepCopy(Map<String, Object> map) {
        Map<String, Object> copy = new LinkedHashMap<>();
        map.forEach((key, value) -> copy.put(key, copyValue(value)));
        return copy;
    }

    @SuppressWarnings("unchecked")
    private static Object copyValue(Object value) {
        if (value instanceof Map<?, ?> map) {
            return deepCopy((Map<String, Object>) map);
        }
        if (value instanceof List<?> list) {
            List<Object> copy = new ArrayList<>();
            list.forEach(item -> copy.add(copyValue(item)));
            return copy;
        }
        return value;
    }

    /** Sets the value at the path; a path through a value an earlier change replaced is left as it is. */
    @SuppressWarnings("unchecked")
    private static void set(Object root, List<Object> path, Object value) {
        Object parent = root;
        for (int i = 0; i < path.size() - 1 && parent != null; i++) {
            parent = child(parent, path.get(i));
        }
        Object last = path.get(path.size() - 1);
        if (parent instanceof LinkedHashMap<?, ?> map && last instanceof String key) {
            ((Map<String, Object>) map).put(key, value);
        } else if (parent instanceof List<?> list
                && last instanceof Integer index
                && index < list.size()
                && list instanceof ArrayList<?>) {
            ((List<Object>) list).set(index, value);
        }
    }

    private static void remove(Object root, List<Object> path) {
        Object parent = root;
        for (int i = 0; i < path.size() - 1; i++) {
            parent = child(parent, path.get(i));
        }
        ((Map<?, ?>) parent).remove(path.get(path.size() - 1));
    }

    private static Object child(Object parent, Object key) {
        if (parent instanceof Map<?, ?> map) {
            return map.get(key);
        }
        if (parent instanceof List<?> list && key instanceof Integer index && index < list.size()) {
            return list.get(index);
        }
        return null;
    }

    /** JSON text of maps, lists, strings, numbers, booleans, null and {@link Raw}; every non-ASCII char escaped. */
    static String write(Object value) {
        StringBuilder out = new StringBuilder();
        write(value, out);
        return out.toString();
    }

    private static void write(Object value, StringBuilder out) {
        if (value == null) {
            out.append("null");
        } else if (value instanceof Raw raw) {
            out.append(raw.text());
        } else if (value instanceof String text) {
            out.append('"');
            for (char c : text.toCharArray()) {
                if (c == '"' || c == '\\') {
                    out.append('\\').append(c);
                } else if (c < 0x20 || c > 0x7e) {
                    out.append(String.format("\\u%04x", (int) c));
                } else {
                    out.append(c);
                }
            }
            out.append('"');
        } else if (value instanceof Map<?, ?> map) {
            out.append('{');
            boolean first = true;
            for (Map.Entry<?, ?> entry : map.entrySet()) {
                out.append(first ? "" : ",");
                write(entry.getKey(), out);
                out.append(':');
                write(entry.getValue(), out);
                first = false;
            }
            out.append('}');
        } else if (value instanceof List<?> list) {
            out.append('[');
            for (int i = 0; i < list.size(); i++) {
                out.append(i == 0 ? "" : ",");
                write(list.get(i), out);
            }
            out.append(']');
        } else {
            out.append(value);
        }
    }
}
