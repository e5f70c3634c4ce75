package org.ssi.k8s;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.HasMetadata;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The realm shipped for Kubernetes (k8s/keycloak) is the realm the local stack and the end-to-end tests use, minus
 * the demo users, with TLS required for external clients and every secret left to Keycloak's environment.
 */
class KeycloakRealmTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Map<String, String> PLACEHOLDERS = Map.of(
            "@GATEWAY_URL@", "${SSI_GATEWAY_URL}",
            "@INGEST_SECRET@", "${SSI_INGEST_SECRET}",
            "@SERVICE_SECRET@", "${SSI_SERVICE_SECRET}");

    @Test
    void the_kubernetes_realm_is_the_local_realm_without_demo_users() {
        assertEquals(expectedRealm(), json(Repository.read(realmFile())));
    }

    @Test
    void the_kubernetes_realm_holds_no_password_or_secret_value() {
        JsonNode realm = json(Repository.read(realmFile()));
        List<String> found = new ArrayList<>();
        scan(realm, "", found);
        assertEquals(List.of(), found);
        assertEquals("external", realm.path("sslRequired").asText());
    }

    @Test
    void the_realm_renders_to_a_config_map_with_a_stable_name() {
        assumeTrue(Renders.kubectlAvailable(), "rendered with kubectl kustomize");
        List<HasMetadata> objects = Renders.kubectl(Repository.k8s().resolve("keycloak"));
        assertEquals(1, objects.size());
        ConfigMap map = (ConfigMap) objects.get(0);
        assertEquals("ssi-keycloak-realm", map.getMetadata().getName());
        assertEquals(json(Repository.read(realmFile())), json(map.getData().get("ssi-realm.json")));
    }

    private static JsonNode expectedRealm() {
        String local = Repository.read(Repository.root().resolve("devstack/src/main/resources/realm/ssi-realm.json"));
        for (Map.Entry<String, String> placeholder : PLACEHOLDERS.entrySet()) {
            local = local.replace(placeholder.getKey(), placeholder.getValue());
        }
        ObjectNode realm = (ObjectNode) json(local);
        realm.put("sslRequired", "external");
        ArrayNode users = realm.putArray("users");
        json(local).path("users").forEach(user -> {
            if (user.path("username").asText().startsWith("service-account-")) {
                users.add(user);
            }
        });
        return realm;
    }

    /** Passwords anywhere, and any secret that is not a ${...} placeholder. */
    private static void scan(JsonNode node, String path, List<String> found) {
        if (node.isObject()) {
            node.fields().forEachRemaining(field -> {
                String child = path + "/" + field.getKey();
                if (field.getKey().equals("credentials")) {
                    found.add(child);
                } else if (field.getKey().equals("secret")
                        && !field.getValue().asText().matches("\\$\\{[A-Z_]+}")) {
                    found.add(child);
                }
                scan(field.getValue(), child, found);
            });
        } else if (node.isArray()) {
            for (int i = 0; i < node.size(); i++) {
                scan(node.get(i), path + "/" + i, found);
            }
        }
    }

    private static Path realmFile() {
        return Repository.k8s().resolve("keycloak/ssi-realm.json");
    }

    private static JsonNode json(String text) {
        try {
            return JSON.readTree(text);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
