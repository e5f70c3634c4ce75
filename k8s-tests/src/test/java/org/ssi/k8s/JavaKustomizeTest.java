package org.ssi.k8s;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.HasMetadata;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The Java render used without kubectl is the same as kustomize's, so the checks mean the same in CI. */
class JavaKustomizeTest {

    @Test
    void the_java_render_of_the_base_matches_kubectl_kustomize() {
        assumeTrue(Renders.kubectlAvailable(), "compared with kubectl kustomize");
        List<HasMetadata> java = Renders.javaBase().objects();
        List<HasMetadata> kubectl = Renders.kubectl(Repository.k8s().resolve("base"));
        assertEquals(trees(java, Map.of()), trees(kubectl, hashedNames(java, kubectl)));
    }

    @Test
    void the_java_render_refuses_what_it_does_not_understand(@TempDir Path directory) throws IOException {
        Files.writeString(directory.resolve("kustomization.yaml"), """
                apiVersion: kustomize.config.k8s.io/v1beta1
                kind: Kustomization
                namePrefix: ssi-
                """);
        assertThrows(IllegalStateException.class, () -> JavaKustomize.render(directory));
    }

    /** kustomize suffixes generated ConfigMaps with a content hash; the Java render keeps the plain name. */
    private static Map<String, String> hashedNames(List<HasMetadata> java, List<HasMetadata> kubectl) {
        Map<String, String> names = new TreeMap<>();
        for (HasMetadata plain : java) {
            if (plain instanceof ConfigMap) {
                for (HasMetadata hashed : kubectl) {
                    String name = hashed.getMetadata().getName();
                    if (hashed instanceof ConfigMap
                            && name.matches(plain.getMetadata().getName() + "-[a-z0-9]{10}")) {
                        names.put(name, plain.getMetadata().getName());
                    }
                }
            }
        }
        return names;
    }

    private static Map<String, JsonNode> trees(List<HasMetadata> objects, Map<String, String> renames) {
        Map<String, JsonNode> trees = new TreeMap<>();
        for (HasMetadata object : objects) {
            String json = Manifests.tree(object).toString();
            for (Map.Entry<String, String> rename : renames.entrySet()) {
                json = json.replace("\"" + rename.getKey() + "\"", "\"" + rename.getValue() + "\"");
            }
            JsonNode tree = Manifests.documents(json).get(0);
            trees.put(
                    object.getKind() + "/" + tree.path("metadata").path("name").asText(), tree);
        }
        return trees;
    }
}
