package org.ssi.k8s;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.KubernetesResource;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;

/**
 * Finds fields the Kubernetes schema does not know. fabric8 keeps any unknown field (a typo such as
 * {@code readinesProbe}, a field at the wrong level) in {@code additionalProperties} instead of failing, so a manifest
 * that parses can still be one the API server would reject or silently prune: this walk reports every such field.
 */
final class SchemaCheck {

    private SchemaCheck() {}

    /** Unknown fields of a typed object, as paths: {@code spec.template.spec.containers[0].readinesProbe}. */
    static List<String> unknownFields(HasMetadata object) {
        List<String> unknown = new ArrayList<>();
        if (!(object instanceof GenericKubernetesResource)) {
            walk(object, "", unknown);
        }
        return unknown;
    }

    private static void walk(Object value, String path, List<String> unknown) {
        if (value instanceof Collection<?> items) {
            int index = 0;
            for (Object item : items) {
                walk(item, path + "[" + index++ + "]", unknown);
            }
        } else if (value instanceof Map<?, ?> entries) {
            entries.forEach((key, item) -> walk(item, path + "[" + key + "]", unknown));
        } else if (value instanceof KubernetesResource) {
            walkFields(value, path, unknown);
        }
    }

    private static void walkFields(Object object, String path, List<String> unknown) {
        for (Class<?> type = object.getClass(); type != Object.class; type = type.getSuperclass()) {
            for (Field field : type.getDeclaredFields()) {
                if (Modifier.isStatic(field.getModifiers())) {
                    continue;
                }
                Object value = read(field, object);
                String child = path.isEmpty() ? field.getName() : path + "." + field.getName();
                if (field.getName().equals("additionalProperties")) {
                    ((Map<?, ?>) (value == null ? Map.of() : value))
                            .keySet()
                            .forEach(key -> unknown.add(path + (path.isEmpty() ? "" : ".") + key));
                } else {
                    walk(value, child, unknown);
                }
            }
        }
    }

    private static Object read(Field field, Object object) {
        try {
            field.setAccessible(true);
            return field.get(object);
        } catch (IllegalAccessException e) {
            throw new IllegalStateException(e);
        }
    }
}
