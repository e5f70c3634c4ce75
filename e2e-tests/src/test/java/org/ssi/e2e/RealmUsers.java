package org.ssi.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import org.ssi.devstack.Http;
import org.ssi.devstack.Http.Answer;

/**
 * People added to the {@code ssi} realm for a test, beside the demo logins: a rep or a manager of a population of
 * fresh ids signs in exactly as alice or maria do (password grant of {@code ssi-cli}), with realm roles of the demo
 * realm. Removed again by {@link #removeAll()}, so the realm is left as it was found.
 */
final class RealmUsers {

    private final String keycloak;
    private final String realm;
    private final List<String> created = new ArrayList<>();

    RealmUsers(String keycloak, String realm) {
        this.keycloak = keycloak;
        this.realm = realm;
    }

    /** A user {@code username} (password the same) with the given realm roles. */
    synchronized void add(String username, String... roles) throws Exception {
        String admin = adminToken();
        String users = keycloak + "/admin/realms/ssi/users";
        String representation = """
                {"username": "%s", "enabled": true, "email": "%s@attacks.ssi.example", "emailVerified": true,
                 "firstName": "Attack", "lastName": "Tester",
                 "credentials": [{"type": "password", "value": "%s", "temporary": false}]}""".formatted(username, username, username);
        Answer added = Http.send("POST", users, admin, representation);
        assertEquals(201, added.status(), added.body());
        String id = Http.get(users + "?exact=true&username=" + username, admin)
                .json()
                .get(0)
                .get("id")
                .asText();
        created.add(id);
        List<JsonNode> mapped = new ArrayList<>();
        for (String role : roles) {
            mapped.add(Http.get(keycloak + "/admin/realms/ssi/roles/" + role, admin)
                    .json());
        }
        Answer mapping = Http.send(
                "POST",
                users + "/" + id + "/role-mappings/realm",
                admin,
                Http.JSON.valueToTree(mapped).toString());
        assertEquals(204, mapping.status(), mapping.body());
    }

    /** A fresh access token of a user whose password is their username, like the demo logins. */
    String token(String username) {
        return Http.passwordToken(realm, username, username);
    }

    synchronized void removeAll() throws Exception {
        String admin = adminToken();
        for (String id : created) {
            Http.send("DELETE", keycloak + "/admin/realms/ssi/users/" + id, admin, "");
        }
        created.clear();
    }

    private String adminToken() throws Exception {
        return SharedStack.keycloakAdminToken(keycloak);
    }
}
