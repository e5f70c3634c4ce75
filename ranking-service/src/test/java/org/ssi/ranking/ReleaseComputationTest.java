package org.ssi.ranking;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.LocalDate;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.ssi.privacy.ProtectiveNoise;
import org.ssi.ranking.rank.service.GroupRank;
import org.ssi.ranking.rank.service.RankIndex;
import org.ssi.ranking.release.service.GroupRelease;
import org.ssi.ranking.release.service.MemberRelease;
import org.ssi.ranking.release.service.NetworkGraph;
import org.ssi.ranking.release.service.PreviousRelease;
import org.ssi.ranking.release.service.ReleaseComputation;
import org.ssi.ranking.release.service.ReleaseComputation.Release;

/** What one release holds, computed from an index, a graph and a team tree, without a database. */
class ReleaseComputationTest {

    private static final ProtectiveNoise NOISE = ProtectiveNoise.fromSecret("the release computation test's secret");
    private static final LocalDate DAY = LocalDate.of(2026, 12, 7);

    private final RankIndex index = new RankIndex();
    private final Map<String, Integer> cents = new HashMap<>();
    private long seq;

    private void put(String member, String industry, String team, int score) {
        index.put(
                member,
                industry,
                team,
                score,
                new int[] {score / 4, score / 4, score / 4, score - 3 * (score / 4)},
                ++seq);
        cents.put(member, score);
    }

    private Release release(
            long id, PreviousRelease previous, NetworkGraph network, Map<String, Set<String>> subtrees) {
        return new ReleaseComputation(id, DAY, NOISE, previous).compute(index, network, subtrees);
    }

    private static Map<String, GroupRelease> groups(Release release) {
        return release.groups().stream().collect(Collectors.toMap(g -> g.kind() + ":" + g.code(), Function.identity()));
    }

    private static Map<String, MemberRelease> members(Release release) {
        return release.members().stream().collect(Collectors.toMap(MemberRelease::memberId, Function.identity()));
    }

    @Test
    void shows_an_industry_of_twelve_with_noise_and_keeps_its_exact_figures_beside() {
        for (int i = 0; i < 12; i++) {
            put("m" + i, "software", null, 1_000 + 300 * i);
        }
        GroupRelease software =
                groups(release(1, PreviousRelease.NONE, null, Map.of())).get("industry:software");
        assertEquals(12, software.size());
        assertEquals(12, software.protectedCount());
        assertEquals(new java.math.BigDecimal("26.50"), software.exact().average());
        assertNull(software.released().withheld());
        assertNotEquals(software.exact().average(), software.released().average());
        assertTrue(software.released()
                        .average()
                        .subtract(software.exact().average())
                        .abs()
                        .doubleValue()
                < 10);
        assertTrue(software.released().size() >= 10);
    }

    @Test
    void gives_the_same_figures_for_the_same_release_and_new_noise_in_the_next() {
        for (int i = 0; i < 12; i++) {
            put("m" + i, "software", null, 1_000 + 300 * i);
        }
        GroupRelease first =
                groups(release(7, PreviousRelease.NONE, null, Map.of())).get("industry:software");
        GroupRelease again =
                groups(release(7, PreviousRelease.NONE, null, Map.of())).get("industry:software");
        GroupRelease next =
                groups(release(8, PreviousRelease.NONE, null, Map.of())).get("industry:software");
        assertEquals(first.released(), again.released());
        assertNotEquals(first.released().average(), next.released().average());
        assertEquals(first.exact(), next.exact());
    }

    @Test
    void withholds_an_industry_of_nine_and_the_ranks_in_it() {
        for (int i = 0; i < 9; i++) {
            put("m" + i, "tiny", null, 1_000 + 300 * i);
        }
        Release release = release(1, PreviousRelease.NONE, null, Map.of());
        assertEquals(
                GroupRank.GROUP_TOO_SMALL,
                groups(release).get("industry:tiny").released().withheld());
        MemberRelease member = members(release).get("m3");
        assertEquals(GroupRank.GROUP_TOO_SMALL, member.industry().withheld());
        assertNull(member.industry().percentileRank());
        assertNull(member.industry().topPercent());
        assertNull(member.industry().average());
        assertNull(member.industry().size());
    }

    @Test
    void counts_toward_the_ten_only_members_who_were_in_the_group_in_the_previous_release() {
        for (int i = 0; i < 12; i++) {
            put("m" + i, "software", "emea", 1_000 + 300 * i);
        }
        Map<String, PreviousRelease.Placement> before = new HashMap<>();
        for (int i = 0; i < 9; i++) {
            before.put("m" + i, new PreviousRelease.Placement("software", "emea", Set.of()));
        }
        // m9 was in another industry and team; m10 and m11 were not in the previous release at all.
        before.put("m9", new PreviousRelease.Placement("retail", "other", Set.of()));
        Release release = release(2, new PreviousRelease(before), null, Map.of("emea", Set.of("emea")));
        GroupRelease software = groups(release).get("industry:software");
        GroupRelease emea = groups(release).get("team:emea");
        assertEquals(12, software.size());
        assertEquals(9, software.protectedCount());
        assertEquals(GroupRank.GROUP_TOO_SMALL, software.released().withheld());
        assertEquals(9, emea.protectedCount());
        assertEquals(GroupRank.GROUP_TOO_SMALL, emea.released().withheld());
        assertNotNull(emea.exact().average());
    }

    @Test
    void counts_each_team_s_direct_members_and_its_subtree() {
        put("p", "software", "parent", 5_000);
        for (int i = 0; i < 10; i++) {
            put("a" + i, "software", "a", 2_000 + 100 * i);
            put("b" + i, "software", "b", 3_000 + 100 * i);
        }
        Map<String, Set<String>> subtrees =
                Map.of("parent", Set.of("parent", "a", "b"), "a", Set.of("a"), "b", Set.of("b"));
        Map<String, GroupRelease> groups = groups(release(1, PreviousRelease.NONE, null, subtrees));
        assertEquals(21, groups.get("team:parent").size());
        assertEquals(1, groups.get("team:parent").directCount());
        assertEquals(10, groups.get("team:a").directCount());
        assertEquals(10, groups.get("team:b").size());
    }

    @Test
    void withholds_a_network_of_two_and_shows_a_network_of_twelve_with_noise() {
        for (int i = 0; i < 12; i++) {
            put("m" + i, "software", null, 1_000 + 300 * i);
        }
        put("lonely", "software", null, 4_000);
        put("friend", "software", null, 4_500);
        NetworkGraph graph = new NetworkGraph(cents);
        for (int i = 1; i < 12; i++) {
            graph.connect("m0", "m" + i);
        }
        graph.connect("lonely", "friend");
        Map<String, MemberRelease> members = members(release(1, PreviousRelease.NONE, graph, Map.of()));
        MemberRelease lonely = members.get("lonely");
        assertEquals(GroupRank.GROUP_TOO_SMALL, lonely.network().withheld());
        assertNull(lonely.network().percentileRank());
        assertNull(lonely.network().average());
        MemberRelease hub = members.get("m0");
        assertNull(hub.network().withheld());
        assertTrue(hub.network().size() >= 10);
        assertTrue(hub.network().percentileRank() >= 0 && hub.network().percentileRank() <= 100);
        double exactAverage = (1_000 + 300 * 5.5) / 100;
        assertTrue(Math.abs(hub.network().average().doubleValue() - exactAverage) < 10);
    }

    @Test
    void a_connection_new_since_the_previous_release_does_not_count_toward_the_ten() {
        for (int i = 0; i < 10; i++) {
            put("m" + i, "software", null, 1_000 + 300 * i);
        }
        NetworkGraph graph = new NetworkGraph(cents);
        for (int i = 1; i < 10; i++) {
            graph.connect("m0", "m" + i);
        }
        Map<String, PreviousRelease.Placement> before = new HashMap<>();
        for (int i = 0; i < 10; i++) {
            before.put("m" + i, new PreviousRelease.Placement("software", null, Set.of()));
        }
        before.put(
                "m0",
                new PreviousRelease.Placement(
                        "software", null, Set.of("m1", "m2", "m3", "m4", "m5", "m6", "m7", "m8")));
        MemberRelease hub = members(release(2, new PreviousRelease(before), graph, Map.of()))
                .get("m0");
        assertEquals(GroupRank.GROUP_TOO_SMALL, hub.network().withheld());
        before.put(
                "m0",
                new PreviousRelease.Placement(
                        "software", null, Set.of("m1", "m2", "m3", "m4", "m5", "m6", "m7", "m8", "m9")));
        assertNull(members(release(3, new PreviousRelease(before), graph, Map.of()))
                .get("m0")
                .network()
                .withheld());
    }
}
