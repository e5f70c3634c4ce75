package org.ssi.k8s;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;

/** Parses Kubernetes YAML (one or many documents) into fabric8's typed model; unknown kinds stay generic. */
final class Manifests {

    static final KubernetesSerialization SERIALIZATION = new KubernetesSerialization();
    private static final YAMLMapper YAML = new YAMLMapper();

    private Manifests() {}

    static List<HasMetadata> parse(String yaml) {
        List<HasMetadata> objects = new ArrayList<>();
        for (JsonNode document : documents(yaml)) {
            if (document == null || document.isNull() || document.isEmpty()) {
                continue;
            }
            objects.add(SERIALIZATION.unmarshal(document.toString(), HasMetadata.class));
        }
        return objects;
    }

    static List<JsonNode> documents(String yaml) {
        try (MappingIterator<JsonNode> documents =
                YAML.readerFor(JsonNode.class).readValues(yaml)) {
            return documents.readAll();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static JsonNode tree(Object object) {
        return SERIALIZATION.convertValue(object, JsonNode.class);
    }
}
