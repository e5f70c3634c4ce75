package org.ssi.ranking.rank.service;

/**
 * The scores of a group's members, from which its figures are computed.
 *
 * @param cents each member's score in hundredths of a point
 * @param pillarSums the sums of brand, find, engage and relationships over the members, in hundredths of a point
 */
public record GroupScores(int[] cents, long[] pillarSums) {

    public int size() {
        return cents.length;
    }

    public long sumOfCents() {
        long sum = 0;
        for (int score : cents) {
            sum += score;
        }
        return sum;
    }
}
