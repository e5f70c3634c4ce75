package org.ssi.ranking;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.math.BigDecimal;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.ssi.ranking.rank.service.GroupRank;
import org.ssi.ranking.rank.service.RankIndex;

class RankIndexTest {

    private static final int[] NO_PILLARS = {0, 0, 0, 0};

    @Test
    void counts_ties_half_and_tops_the_best_member_at_one_percent() {
        RankIndex index = new RankIndex();
        int[] cents = {1000, 2000, 2000, 3000};
        for (int i = 0; i < cents.length; i++) {
            index.put("m" + i, "software", null, cents[i], NO_PILLARS, i + 1);
        }
        GroupRank tied = index.industryRank("m1");
        assertEquals(100.0 * (1 + 0.5 * 2) / 4, tied.percentileRank(), 1e-9);
        assertEquals(50, tied.topPercent());
        GroupRank best = index.industryRank("m3");
        assertEquals(87.5, best.percentileRank(), 1e-9);
        assertEquals(13, best.topPercent());
        assertEquals(4, best.size());
    }

    @Test
    void withholds_the_average_of_fewer_than_ten_members() {
        RankIndex index = new RankIndex();
        for (int i = 0; i < 9; i++) {
            index.put("m" + i, "retail", null, 5000, NO_PILLARS, i + 1);
        }
        assertNull(index.industryRank("m0").average());
        assertEquals("group-too-small", index.industryRank("m0").withheld());
        index.put("m9", "retail", null, 6000, NO_PILLARS, 10);
        assertEquals(new BigDecimal("51.00"), index.industryRank("m0").average());
        assertNull(index.industryRank("m0").withheld());
    }

    @Test
    void moves_a_member_to_another_industry() {
        RankIndex index = new RankIndex();
        index.put("a", "software", null, 4000, NO_PILLARS, 1);
        index.put("b", "software", null, 5000, NO_PILLARS, 2);
        index.put("a", "retail", null, 4000, NO_PILLARS, 3);
        assertEquals(1, index.industryRank("b").size());
        assertEquals("retail", index.industryRank("a").code());
    }

    @Test
    void agrees_with_a_brute_force_count_on_random_scores() {
        RankIndex index = new RankIndex();
        Random random = new Random(42);
        int n = 2000;
        int[] cents = new int[n];
        for (int i = 0; i < n; i++) {
            cents[i] = random.nextInt(10_001) / 50 * 50;
            index.put("m" + i, "software", null, cents[i], NO_PILLARS, i + 1);
        }
        for (int probe = 0; probe < 50; probe++) {
            int i = random.nextInt(n);
            long below = 0;
            long equal = 0;
            for (int c : cents) {
                below += c < cents[i] ? 1 : 0;
                equal += c == cents[i] ? 1 : 0;
            }
            assertEquals(
                    100.0 * (below + 0.5 * equal) / n,
                    index.industryRank("m" + i).percentileRank(),
                    1e-9);
        }
    }

    @Test
    void ranks_a_network_among_the_scored_connections_only() {
        RankIndex index = new RankIndex();
        index.put("me", "software", null, 3000, NO_PILLARS, 1);
        index.put("x", "software", null, 2000, NO_PILLARS, 2);
        index.put("y", "retail", null, 4000, NO_PILLARS, 3);
        GroupRank network = index.networkRank("me", List.of("x", "y", "unscored"));
        assertEquals(3, network.size());
        assertEquals(50.0, network.percentileRank(), 1e-9);
        assertNull(network.average());
    }
}
