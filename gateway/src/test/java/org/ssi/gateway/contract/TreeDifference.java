package org.ssi.gateway.contract;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.TreeSet;

/** The first place where two JSON trees differ, as a JSON pointer with both values: for readable failures. */
final class TreeDifference {

    private TreeDifference() {}

    static String first(JsonNode expected, JsonNode actual) {
        String found = at("", expected, actual);
        return found == null ? "(no difference)" : found;
    }

    private static String at(String pointer, JsonNode expected, JsonNode actual) {
        if (expected == null || actual == null) {
            return pointer + ": expected " + expected + " but was " + actual;
        }
        if (expected.isObject() && actual.isObject()) {
            TreeSet<String> names = new TreeSet<>();
            expected.fieldNames().forEachRemaining(names::add);
            actual.fieldNames().forEachRemaining(names::add);
            for (String name : names) {
                String found = at(
                        pointer + "/" + name.replace("~", "~0").replace("/", "~1"),
                        expected.get(name),
                        actual.get(name));
                if (found != null) {
                    return found;
                }
            }
            return null;
        }
        if (expected.isArray() && actual.isArray() && expected.size() == actual.size()) {
            for (int i = 0; i < expected.size(); i++) {
                String found = at(pointer + "/" + i, expected.get(i), actual.get(i));
                if (found != null) {
                    return found;
                }
            }
            return null;
        }
        return expected.equals(actual)
                ? null
                : pointer + ": expected " + abbreviated(expected) + " but was " + abbreviated(actual);
    }

    private static String abbreviated(JsonNode node) {
        String text = node.toString();
        return text.length() > 200 ? text.substring(0, 200) + "…" : text;
    }
}
