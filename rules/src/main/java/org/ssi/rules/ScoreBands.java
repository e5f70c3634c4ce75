package org.ssi.rules;

/**
 * Leaders and laggards of a group, by SSI score (0 to 100): a leader scores {@value #LEADER_SCORE} or more, a laggard
 * {@value #LAGGARD_SCORE} or less, both ends included.
 */
public final class ScoreBands {

    /** The lowest score of a leader. */
    public static final int LEADER_SCORE = 70;

    /** The highest score of a laggard. */
    public static final int LAGGARD_SCORE = 30;

    private ScoreBands() {}

    public static boolean isLeader(double score) {
        return score >= LEADER_SCORE;
    }

    public static boolean isLaggard(double score) {
        return score <= LAGGARD_SCORE;
    }
}
