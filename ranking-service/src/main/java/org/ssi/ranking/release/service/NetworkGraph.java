package org.ssi.ranking.release.service;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.ssi.ranking.rank.service.GroupRank;

/**
 * The scored members' connections, read once per release from activity-service's graph: each member's network is
 * the member and their scored first-degree connections (design/ssi-model.md). Memory is O(members + pairs).
 */
public final class NetworkGraph {

    private final Map<String, Integer> cents;
    private final Map<String, List<String>> connections = new HashMap<>();

    /** @param cents every scored member's score in hundredths of a point */
    public NetworkGraph(Map<String, Integer> cents) {
        this.cents = cents;
    }

    /** Counts one undirected connection; a pair with an unscored side counts for nobody. */
    public void connect(String a, String b) {
        if (!cents.containsKey(a) || !cents.containsKey(b) || a.equals(b)) {
            return;
        }
        connections.computeIfAbsent(a, m -> new ArrayList<>()).add(b);
        connections.computeIfAbsent(b, m -> new ArrayList<>()).add(a);
    }

    /** The member's scored connections. */
    public List<String> connectionsOf(String member) {
        return connections.getOrDefault(member, List.of());
    }

    /** The scores of the member's network, the member first, in hundredths of a point; null without a score. */
    public int[] networkCents(String member) {
        Integer own = cents.get(member);
        if (own == null) {
            return null;
        }
        List<String> others = connectionsOf(member);
        int[] network = new int[others.size() + 1];
        network[0] = own;
        for (int i = 0; i < others.size(); i++) {
            network[i + 1] = cents.get(others.get(i));
        }
        return network;
    }

    /** The member's exact rank among themselves and their scored connections; null when the member has no score. */
    public GroupRank rank(String member) {
        int[] network = networkCents(member);
        if (network == null) {
            return null;
        }
        long below = 0;
        long equal = 0;
        long sum = 0;
        for (int score : network) {
            sum += score;
            below += score < network[0] ? 1 : 0;
            equal += score == network[0] ? 1 : 0;
        }
        return GroupRank.of(null, below, equal, network.length, sum);
    }
}
