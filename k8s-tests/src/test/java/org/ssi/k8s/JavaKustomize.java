package org.ssi.k8s;

import com.fasterxml.jackson.databind.JsonNode;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.HasMetadata;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Renders a kustomization without kustomize, for machines without kubectl (CI assumes only Java). It understands the
 * little the base and the monitoring component use, resources and ConfigMap generators (with labels and a fixed
 * name as options), and refuses anything else rather than render it wrongly. Generated ConfigMaps keep their plain
 * names (kustomize adds a content hash unless told not to).
 */
final class JavaKustomize {

    private static final Set<String> UNDERSTOOD = Set.of("apiVersion", "kind", "resources", "configMapGenerator");
    private static final Set<String> UNDERSTOOD_GENERATOR = Set.of("name", "envs", "literals", "files", "options");
    private static final Set<String> UNDERSTOOD_OPTIONS = Set.of("labels", "disableNameSuffixHash");

    private JavaKustomize() {}

    static List<HasMetadata> render(Path directory) {
        JsonNode kustomization = Manifests.documents(Repository.read(directory.resolve("kustomization.yaml")))
                .get(0);
        refuseWhatIsNotUnderstood(kustomization, UNDERSTOOD, directory);
        List<HasMetadata> objects = new ArrayList<>();
        for (JsonNode resource : kustomization.path("resources")) {
            Path path = directory.resolve(resource.asText()).normalize();
            objects.addAll(Files.isDirectory(path) ? render(path) : Manifests.parse(Repository.read(path)));
        }
        for (JsonNode generator : kustomization.path("configMapGenerator")) {
            refuseWhatIsNotUnderstood(generator, UNDERSTOOD_GENERATOR, directory);
            refuseWhatIsNotUnderstood(generator.path("options"), UNDERSTOOD_OPTIONS, directory);
            objects.add(configMap(directory, generator));
        }
        return objects;
    }

    private static HasMetadata configMap(Path directory, JsonNode generator) {
        Map<String, String> data = new LinkedHashMap<>();
        for (JsonNode envs : generator.path("envs")) {
            Repository.read(directory.resolve(envs.asText())).lines().forEach(line -> putPair(data, line));
        }
        for (JsonNode literal : generator.path("literals")) {
            putPair(data, literal.asText());
        }
        for (JsonNode file : generator.path("files")) {
            Path path = directory.resolve(file.asText());
            data.put(path.getFileName().toString(), Repository.read(path));
        }
        Map<String, String> labels = new LinkedHashMap<>();
        generator
                .path("options")
                .path("labels")
                .fields()
                .forEachRemaining(l -> labels.put(l.getKey(), l.getValue().asText()));
        return new ConfigMapBuilder()
                .withNewMetadata()
                .withName(generator.path("name").asText())
                .withLabels(labels.isEmpty() ? null : labels)
                .endMetadata()
                .withData(data)
                .build();
    }

    private static void putPair(Map<String, String> data, String line) {
        String trimmed = line.strip();
        if (trimmed.isEmpty() || trimmed.startsWith("#")) {
            return;
        }
        int equals = trimmed.indexOf('=');
        data.put(trimmed.substring(0, equals), trimmed.substring(equals + 1));
    }

    private static void refuseWhatIsNotUnderstood(JsonNode node, Set<String> understood, Path directory) {
        for (Iterator<String> fields = node.fieldNames(); fields.hasNext(); ) {
            String field = fields.next();
            if (!understood.contains(field)) {
                throw new IllegalStateException("The Java render of " + directory + " does not understand '" + field
                        + "': keep the base to resources and configMapGenerator, or render it with kubectl");
            }
        }
    }
}
