package org.ssi.ranking;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.ssi.ranking.rank.service.GroupRank;
import org.ssi.ranking.rank.service.RankIndex;
import org.ssi.ranking.release.client.DirectoryGraphClient.TeamNode;
import org.ssi.ranking.release.service.NetworkGraph;
import org.ssi.ranking.release.service.ReleaseService;

/** A release counts network ranks from a stream of pairs; they must equal the ranks asked one member at a time. */
class NetworkGraphTest {

    @Test
    void network_ranks_counted_from_the_pairs_equal_the_ranks_of_each_member_s_connections() {
        for (long seed = 1; seed <= 20; seed++) {
            Random random = new Random(seed);
            RankIndex index = new RankIndex();
            Map<String, Integer> cents = new HashMap<>();
            int members = 1 + random.nextInt(150);
            for (int i = 0; i < members; i++) {
                int score = random.nextInt(20) * 500;
                index.put("m" + i, "ind", null, score, new int[4], i + 1);
                cents.put("m" + i, score);
            }
            Map<String, List<String>> connections = new HashMap<>();
            NetworkGraph tally = new NetworkGraph(cents);
            double density = random.nextDouble() * 0.3;
            for (int a = 0; a < members + 5; a++) {
                for (int b = a + 1; b < members + 5; b++) {
                    if (random.nextDouble() < density) {
                        // members at or past `members` have no score
                        connections
                                .computeIfAbsent("m" + a, k -> new ArrayList<>())
                                .add("m" + b);
                        connections
                                .computeIfAbsent("m" + b, k -> new ArrayList<>())
                                .add("m" + a);
                        tally.connect("m" + a, "m" + b);
                    }
                }
            }
            for (int i = 0; i < members; i++) {
                GroupRank expected = index.networkRank("m" + i, connections.getOrDefault("m" + i, List.of()));
                assertEquals(expected, tally.rank("m" + i), "seed " + seed + " member m" + i);
            }
            assertNull(tally.rank("m" + (members + 1)));
        }
    }

    @Test
    void a_team_s_subtree_holds_its_sub_teams_at_any_depth_and_survives_a_cycle() {
        Map<String, Set<String>> subtrees = ReleaseService.subtrees(List.of(
                new TeamNode("emea", null),
                new TeamNode("dach", "emea"),
                new TeamNode("munich", "dach"),
                new TeamNode("nordics", "emea"),
                new TeamNode("x", "y"),
                new TeamNode("y", "x")));
        assertEquals(Set.of("emea", "dach", "munich", "nordics"), subtrees.get("emea"));
        assertEquals(Set.of("dach", "munich"), subtrees.get("dach"));
        assertEquals(Set.of("munich"), subtrees.get("munich"));
        assertEquals(Set.of("x", "y"), subtrees.get("x"));
    }
}
