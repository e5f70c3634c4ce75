package org.ssi.gateway;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.ssi.gateway.team.service.GroupPrivacy;
import org.ssi.gateway.team.service.TeamTree;
import org.ssi.problem.ProblemException;

class GroupPrivacyTest {

    private static String refusal(long size, List<Long> nested) {
        return assertThrows(ProblemException.class, () -> GroupPrivacy.check(size, nested, true))
                .problem()
                .type();
    }

    @Test
    void hides_a_team_of_nine_and_shows_a_team_of_ten() {
        assertEquals("urn:ssi:problem:group-too-small", refusal(9, List.of()));
        assertDoesNotThrow(() -> GroupPrivacy.check(10, List.of(), true));
    }

    @Test
    void hides_the_smaller_of_two_nested_teams_that_differ_by_one_to_nine() {
        for (long difference = 1; difference <= 9; difference++) {
            assertEquals("urn:ssi:problem:group-difference-too-small", refusal(12, List.of(12 + difference)));
            long larger = 12 + difference;
            assertDoesNotThrow(() -> GroupPrivacy.check(larger, List.of(12L), true), "the larger one is shown");
        }
        assertDoesNotThrow(() -> GroupPrivacy.check(12, List.of(22L), true));
        assertDoesNotThrow(() -> GroupPrivacy.check(12, List.of(12L), true), "equal sizes reveal nobody");
    }

    @Test
    void checks_too_small_before_the_difference_and_exempts_admins_from_the_difference() {
        assertEquals("urn:ssi:problem:group-too-small", refusal(5, List.of(8L)));
        assertDoesNotThrow(() -> GroupPrivacy.check(12, List.of(15L), false));
        assertThrows(ProblemException.class, () -> GroupPrivacy.check(9, List.of(), false));
    }

    @Test
    void gives_the_minimum_size_with_the_refusal() {
        ProblemException refusal = assertThrows(ProblemException.class, () -> GroupPrivacy.check(3, List.of(), true));
        assertEquals(403, refusal.problem().status());
        assertEquals(10, refusal.problem().extensions().get("minimumSize"));
    }

    private static TeamTree tree() {
        return new TeamTree(List.of(
                new TeamTree.Team("emea", "EMEA", null, List.of("boss")),
                new TeamTree.Team("emea-enterprise", "EMEA Enterprise", "emea", List.of("maria")),
                new TeamTree.Team("emea-dach", "DACH", "emea-enterprise", List.of()),
                new TeamTree.Team("dach-north", "DACH North", "emea-dach", List.of()),
                new TeamTree.Team("startup-desk", "Startup Desk", null, List.of("mike"))));
    }

    @Test
    void a_manager_views_their_teams_and_everything_below_them() {
        assertEquals(Set.of("emea-enterprise", "emea-dach", "dach-north"), tree().viewableBy("maria", false));
        assertEquals(Set.of("startup-desk"), tree().viewableBy("mike", false));
        assertEquals(Set.of(), tree().viewableBy("alice", false));
        assertEquals(5, tree().viewableBy(null, true).size());
    }

    @Test
    void finds_the_viewable_teams_nested_above_and_below() {
        TeamTree tree = tree();
        Set<String> maria = tree.viewableBy("maria", false);
        assertEquals(Set.of("emea-enterprise", "dach-north"), tree.nestedWith("emea-dach", maria));
        assertEquals(Set.of("emea-dach", "dach-north"), tree.nestedWith("emea-enterprise", maria));
        assertEquals(
                Set.of("emea-dach", "dach-north", "emea-enterprise", "startup-desk", "emea"),
                tree.viewableBy(null, true));
        assertEquals(Set.of("emea-enterprise", "emea-dach", "dach-north"), tree.subtree("emea-enterprise"));
    }

    @Test
    void survives_a_cycle_in_the_directory() {
        TeamTree loop = new TeamTree(
                List.of(new TeamTree.Team("a", "A", "b", List.of("x")), new TeamTree.Team("b", "B", "a", List.of())));
        assertEquals(Set.of("a", "b"), loop.subtree("a"));
        assertEquals(List.of("b", "a"), loop.ancestors("a"));
    }
}
