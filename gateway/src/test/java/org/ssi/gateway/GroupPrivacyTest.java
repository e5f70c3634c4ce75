package org.ssi.gateway;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.ssi.gateway.client.GroupFigures;
import org.ssi.gateway.team.service.GroupPrivacy;
import org.ssi.problem.ProblemException;

class GroupPrivacyTest {

    private static GroupFigures figures(String json) throws Exception {
        return new ObjectMapper().readValue(json, GroupFigures.class);
    }

    private static String typeOf(Runnable check) {
        return assertThrows(ProblemException.class, check::run).problem().type();
    }

    @Test
    void withholds_a_group_its_release_withholds_or_that_has_fewer_than_ten_members() throws Exception {
        GroupFigures withheld = figures("{\"size\": 14, \"withheld\": \"group-too-small\"}");
        assertEquals("urn:ssi:problem:group-too-small", typeOf(() -> GroupPrivacy.check(withheld)));
        GroupFigures nine = figures("{\"size\": 9, \"average\": 40.1}");
        assertEquals("urn:ssi:problem:group-too-small", typeOf(() -> GroupPrivacy.check(nine)));
        assertDoesNotThrow(() -> GroupPrivacy.check(figures("{\"size\": 10, \"average\": 40.1}")));
    }

    @Test
    void withholds_a_team_when_any_atom_inside_it_holds_one_to_nine_members() {
        // A parent with one direct member and two sub-teams of ten: parent - a - b would be one person.
        assertEquals(
                "urn:ssi:problem:group-difference-too-small",
                typeOf(() -> GroupPrivacy.checkAtoms(List.of(1L, 10L, 10L))));
        for (long atom = 1; atom < 10; atom++) {
            long small = atom;
            assertThrows(ProblemException.class, () -> GroupPrivacy.checkAtoms(List.of(0L, 12L, small)));
        }
        assertDoesNotThrow(() -> GroupPrivacy.checkAtoms(List.of(0L, 10L, 10L)), "an empty parent reveals nobody");
        assertDoesNotThrow(() -> GroupPrivacy.checkAtoms(List.of(12L, 12L)));
        assertDoesNotThrow(() -> GroupPrivacy.checkAtoms(List.of()));
    }
}
