package org.ssi.devstack;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Every operation of an OpenAPI document with its path parameters filled in, for tests that try each endpoint of a
 * service: that no endpoint is forgotten is the point, so the list comes from the service's own {@code /q/openapi}.
 */
public final class ApiEndpoints {

    private static final Set<String> METHODS = Set.of("get", "put", "post", "delete", "patch", "head", "options");
    private static final Pattern PARAMETER = Pattern.compile("\\{([^}:]+)(:[^}]*)?}");

    private ApiEndpoints() {}

    /** One operation: its method, its path with the parameters filled in, and the media type of its body, if any. */
    public record Endpoint(String method, String path, String contentType) {
        @Override
        public String toString() {
            return method + " " + path;
        }
    }

    /**
     * The operations of the document (JSON), each path parameter replaced by its value in {@code values}, or by
     * {@code fallback} when it has none there.
     */
    public static List<Endpoint> of(JsonNode openapi, Map<String, String> values, String fallback) {
        List<Endpoint> endpoints = new ArrayList<>();
        Iterator<Map.Entry<String, JsonNode>> paths = openapi.path("paths").fields();
        while (paths.hasNext()) {
            Map.Entry<String, JsonNode> path = paths.next();
            Iterator<Map.Entry<String, JsonNode>> operations = path.getValue().fields();
            while (operations.hasNext()) {
                Map.Entry<String, JsonNode> operation = operations.next();
                if (METHODS.contains(operation.getKey())) {
                    Iterator<String> media = operation
                            .getValue()
                            .path("requestBody")
                            .path("content")
                            .fieldNames();
                    endpoints.add(new Endpoint(
                            operation.getKey().toUpperCase(java.util.Locale.ROOT),
                            filled(path.getKey(), values, fallback),
                            media.hasNext() ? media.next() : null));
                }
            }
        }
        return endpoints;
    }

    private static String filled(String path, Map<String, String> values, String fallback) {
        Matcher parameter = PARAMETER.matcher(path);
        StringBuilder filled = new StringBuilder();
        while (parameter.find()) {
            String value = values.getOrDefault(parameter.group(1).trim(), fallback);
            parameter.appendReplacement(filled, Matcher.quoteReplacement(value));
        }
        parameter.appendTail(filled);
        return filled.toString();
    }
}
