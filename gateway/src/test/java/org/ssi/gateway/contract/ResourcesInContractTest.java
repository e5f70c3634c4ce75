package org.ssi.gateway.contract;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import java.io.IOException;
import java.lang.annotation.Annotation;
import java.lang.reflect.Method;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.junit.jupiter.api.Test;

/**
 * Nothing is generated from the code any more (the gateway serves api/openapi.yaml as is), so this is what keeps code
 * and contract together: every REST operation of the gateway is in the contract, at the same path and method, under
 * the operationId of its {@code @Operation}.
 */
class ResourcesInContractTest {

    private static final Map<Class<? extends Annotation>, String> METHODS = Map.of(
            GET.class, "get", POST.class, "post", PUT.class, "put", DELETE.class, "delete", PATCH.class, "patch");

    @Test
    void every_gateway_operation_is_in_the_contract() throws IOException, ClassNotFoundException {
        JsonNode paths = ServedContractTest.contract().path("paths");
        List<String> missing = new ArrayList<>();
        int operations = 0;
        for (Class<?> resource : resources()) {
            String root = resource.getAnnotation(Path.class).value();
            for (Method method : resource.getDeclaredMethods()) {
                String verb = verb(method);
                if (verb == null) {
                    continue;
                }
                operations++;
                Path sub = method.getAnnotation(Path.class);
                String path = join(root, sub == null ? "" : sub.value());
                Operation operation = method.getAnnotation(Operation.class);
                String expected = operation == null ? "(no @Operation)" : operation.operationId();
                String actual = paths.path(path).path(verb).path("operationId").asText("(absent)");
                if (!expected.equals(actual)) {
                    missing.add(verb.toUpperCase() + " " + path + " " + resource.getSimpleName() + "."
                            + method.getName() + ": code " + expected + ", contract " + actual);
                }
            }
        }
        assertTrue(operations >= 29, "found only " + operations + " resource methods");
        assertEquals(List.of(), missing, "operations of the gateway that the contract does not describe");
    }

    private static List<Class<?>> resources() throws IOException, ClassNotFoundException {
        java.nio.file.Path classes = java.nio.file.Path.of("target", "classes");
        List<String> names;
        try (Stream<java.nio.file.Path> files = Files.walk(classes)) {
            names = files.map(file -> classes.relativize(file).toString())
                    .filter(name -> name.endsWith(".class") && !name.contains("$"))
                    .map(name -> name.substring(0, name.length() - ".class".length())
                            .replace(java.io.File.separatorChar, '.'))
                    .toList();
        }
        List<Class<?>> resources = new ArrayList<>();
        for (String name : names) {
            Class<?> type = Class.forName(name, false, ResourcesInContractTest.class.getClassLoader());
            if (type.isAnnotationPresent(Path.class)) {
                resources.add(type);
            }
        }
        return resources;
    }

    private static String verb(Method method) {
        return METHODS.entrySet().stream()
                .filter(entry -> method.isAnnotationPresent(entry.getKey()))
                .map(Map.Entry::getValue)
                .findFirst()
                .orElse(null);
    }

    private static String join(String root, String sub) {
        String path = ("/" + root + "/" + sub).replaceAll("/+", "/");
        return path.length() > 1 && path.endsWith("/") ? path.substring(0, path.length() - 1) : path;
    }
}
