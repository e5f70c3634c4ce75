package org.ssi.ranking.snapshot.service;

import java.util.HashMap;
import java.util.Map;
import org.ssi.ranking.rank.service.GroupRank;

/**
 * Every member's network rank counted in one pass over the connected pairs, without holding the graph: for each
 * member, how many scored connections score below, equal and in total. Memory is O(members), time O(pairs).
 */
public final class NetworkTally {

    private static final class Counts {
        long below;
        long equal;
        long size;
        long sumOfCents;
    }

    private final Map<String, Integer> cents;
    private final Map<String, Counts> counts = new HashMap<>();

    /** @param cents every scored member's score in hundredths of a point */
    public NetworkTally(Map<String, Integer> cents) {
        this.cents = cents;
    }

    /** Counts one undirected connection; a pair with an unscored side counts for nobody. */
    public void connect(String a, String b) {
        Integer scoreA = cents.get(a);
        Integer scoreB = cents.get(b);
        if (scoreA == null || scoreB == null || a.equals(b)) {
            return;
        }
        count(a, scoreA, scoreB);
        count(b, scoreB, scoreA);
    }

    private void count(String member, int own, int other) {
        Counts c = counts.computeIfAbsent(member, m -> new Counts());
        c.size++;
        c.sumOfCents += other;
        if (other < own) {
            c.below++;
        } else if (other == own) {
            c.equal++;
        }
    }

    /** The member's rank among themselves and their scored connections; null when the member has no score. */
    public GroupRank rank(String member) {
        Integer own = cents.get(member);
        if (own == null) {
            return null;
        }
        Counts c = counts.getOrDefault(member, new Counts());
        return GroupRank.of(null, c.below, c.equal + 1, c.size + 1, c.sumOfCents + own);
    }
}
