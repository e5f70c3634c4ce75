package org.ssi.scoring;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.ws.rs.Path;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.Type;
import java.nio.file.Files;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.ssi.scoring.model.rest.ScoringModelResource;

/** Requests and answers are records: no resource method takes or returns a JSON tree, not even inside a Uni. */
class TypedResourcesTest {

    @Test
    void no_resource_method_takes_or_returns_a_json_tree() throws Exception {
        java.nio.file.Path classes = Paths.get(ScoringModelResource.class
                .getProtectionDomain()
                .getCodeSource()
                .getLocation()
                .toURI());
        List<Class<?>> resources = new ArrayList<>();
        try (Stream<java.nio.file.Path> files = Files.walk(classes)) {
            for (java.nio.file.Path file :
                    files.filter(f -> f.toString().endsWith(".class")).toList()) {
                String name =
                        classes.relativize(file).toString().replace('/', '.').replace(".class", "");
                Class<?> type = Class.forName(name, false, getClass().getClassLoader());
                if (type.isAnnotationPresent(Path.class)) {
                    resources.add(type);
                }
            }
        }
        assertTrue(resources.size() >= 7, "resources found: " + resources);
        List<String> untyped = new ArrayList<>();
        for (Class<?> resource : resources) {
            for (Method method : resource.getDeclaredMethods()) {
                if (!Modifier.isPublic(method.getModifiers())) {
                    continue;
                }
                List<Type> types = new ArrayList<>(List.of(method.getGenericParameterTypes()));
                types.add(method.getGenericReturnType());
                if (types.stream().anyMatch(t -> t.getTypeName().contains("JsonNode"))) {
                    untyped.add(resource.getSimpleName() + "." + method.getName());
                }
            }
        }
        assertEquals(List.of(), untyped);
    }
}
