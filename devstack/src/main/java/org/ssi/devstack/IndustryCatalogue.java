package org.ssi.devstack;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Collection;
import java.util.HashSet;
import java.util.Set;

/**
 * The suite's industry catalogue, as an admin reaches it through the gateway ({@code /api/v1/admin/industries}). The
 * ingest client may name only catalogued industries (activity-service refuses others with a 422 at {@code /industry}),
 * so whatever loads members as the ingest client registers their industries here first.
 */
public final class IndustryCatalogue {

    /** The demo realm's admin (design/api.md, "The demo realm"). */
    public static final String ADMIN_LOGIN = "root";

    private static final String ADMIN_PASSWORD = "root";

    private IndustryCatalogue() {}

    /** A token of the demo realm's admin. */
    public static String adminToken(String realmUrl) {
        return Http.passwordToken(realmUrl, ADMIN_LOGIN, ADMIN_PASSWORD);
    }

    /**
     * Adds the codes the catalogue does not hold yet; those it holds keep their names. Safe to repeat; fails when the
     * gateway refuses.
     */
    public static void register(String gatewayUrl, String adminToken, Collection<String> codes) {
        String catalogue = gatewayUrl + "/api/v1/admin/industries";
        Http.Answer list = Http.get(catalogue, adminToken);
        expect(list, "the industry catalogue");
        Set<String> known = new HashSet<>();
        for (JsonNode industry : list.json()) {
            known.add(industry.path("code").asText());
        }
        for (String code : Set.copyOf(codes)) {
            if (!known.contains(code)) {
                expect(Http.send("PUT", catalogue + "/" + code, adminToken, "{}"), "industry " + code);
            }
        }
    }

    private static void expect(Http.Answer answer, String what) {
        if (answer.status() / 100 != 2) {
            throw new IllegalStateException(
                    "Registering " + what + " failed (" + answer.status() + "): " + answer.body());
        }
    }
}
