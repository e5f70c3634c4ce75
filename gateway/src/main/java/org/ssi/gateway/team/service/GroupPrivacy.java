package org.ssi.gateway.team.service;

import java.util.Collection;
import org.ssi.gateway.client.GroupFigures;
import org.ssi.privacy.GroupProtection;
import org.ssi.problem.Problem;
import org.ssi.problem.ProblemException;
import org.ssi.problem.ProblemType;

/**
 * The rules that keep individuals out of group figures (docs/privacy.md). A non-admin sees a group only from a
 * release, with its protective noise, and only when at least ten members count toward it; and, in the team hierarchy,
 * only when every atom of the teams they can view inside it (each team's direct members) is empty or holds at least
 * ten members, so that no difference of visible teams (nested or siblings) is a small group. Admins see exact figures
 * of groups of ten or more, and every such read is audited.
 */
public final class GroupPrivacy {

    private GroupPrivacy() {}

    /** Throws the 403 problem when a group's figures say they are withheld, or when the group has under ten members. */
    public static void check(GroupFigures figures) {
        if (figures.withheld() != null || figures.size() < GroupProtection.MINIMUM_GROUP_SIZE) {
            throw tooSmall();
        }
    }

    /**
     * Throws the 403 problem unless every atom is empty or holds at least ten members.
     *
     * @param atoms the direct members of each team the caller can view inside the team asked for
     */
    public static void checkAtoms(Collection<Long> atoms) {
        for (long atom : atoms) {
            if (atom >= 1 && atom < GroupProtection.MINIMUM_GROUP_SIZE) {
                throw new ProblemException(Problem.of(
                                ProblemType.GROUP_DIFFERENCE_TOO_SMALL,
                                "Teams you can view inside this one would differ by fewer than "
                                        + GroupProtection.MINIMUM_GROUP_SIZE + " members; this one is withheld")
                        .with("minimumSize", GroupProtection.MINIMUM_GROUP_SIZE));
            }
        }
    }

    static ProblemException tooSmall() {
        return new ProblemException(Problem.of(
                        ProblemType.GROUP_TOO_SMALL,
                        "Figures of groups with fewer than " + GroupProtection.MINIMUM_GROUP_SIZE
                                + " members who count toward them are withheld")
                .with("minimumSize", GroupProtection.MINIMUM_GROUP_SIZE));
    }
}
