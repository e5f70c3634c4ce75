package org.ssi.gateway.team.service;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Collection;
import java.util.List;
import org.ssi.problem.Problem;
import org.ssi.problem.ProblemException;
import org.ssi.problem.ProblemType;

/**
 * The rule that keeps individuals out of group figures: a group is shown only with at least ten scored members,
 * and never when another group the same caller can view, nested with it, is larger by one to nine members (the
 * difference would be a small group recovered by subtraction).
 */
public final class GroupPrivacy {

    public static final int MINIMUM_GROUP_SIZE = 10;

    /** The figures of a group that may be shown once the rule allows it; never an individual's. */
    static final List<String> FIGURES =
            List.of("size", "average", "median", "pillars", "distribution", "leaders", "laggards");

    private GroupPrivacy() {}

    /** Copies a group's figures from a service's answer into the caller's answer. */
    public static void copyFigures(JsonNode figures, ObjectNode answer) {
        for (String field : FIGURES) {
            answer.set(field, figures.get(field));
        }
    }

    /**
     * Throws the 403 problem when the group may not be shown.
     *
     * @param nestedSizes sizes of the other groups the caller can view that are nested with this one
     * @param differenceRule whether the caller is subject to the difference rule (managers and analysts)
     */
    public static void check(long size, Collection<Long> nestedSizes, boolean differenceRule) {
        if (size < MINIMUM_GROUP_SIZE) {
            throw new ProblemException(Problem.of(
                            ProblemType.GROUP_TOO_SMALL,
                            "Figures of groups with fewer than " + MINIMUM_GROUP_SIZE + " scored members are withheld")
                    .with("minimumSize", MINIMUM_GROUP_SIZE));
        }
        if (!differenceRule) {
            return;
        }
        for (long other : nestedSizes) {
            long larger = other - size;
            if (larger >= 1 && larger < MINIMUM_GROUP_SIZE) {
                throw new ProblemException(Problem.of(
                                ProblemType.GROUP_DIFFERENCE_TOO_SMALL,
                                "A group you can view differs from this one by fewer than " + MINIMUM_GROUP_SIZE
                                        + " members; this one is withheld")
                        .with("minimumSize", MINIMUM_GROUP_SIZE));
            }
        }
    }
}
