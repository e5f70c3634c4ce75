package org.ssi.ranking;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.ssi.ranking.rank.service.GroupAggregate;
import org.ssi.ranking.rank.service.GroupRank;
import org.ssi.ranking.rank.service.RankIndex;

/**
 * Random populations (ties, one-member and empty groups, members without connections, random industries, teams and
 * sub-teams, members moved and rescored) against a brute-force computation of every definition in ssi-model.md,
 * done the slow way with BigDecimal over whole lists.
 */
class RankIndexBruteForceTest {

    private static final BigDecimal HUNDRED = BigDecimal.valueOf(100);

    /** What the brute force knows of a member. */
    private record Scored(String industry, String team, BigDecimal score, BigDecimal[] pillars) {}

    static List<Long> seeds() {
        List<Long> seeds = new ArrayList<>();
        for (long seed = 1; seed <= 60; seed++) {
            seeds.add(seed * 7919);
        }
        return seeds;
    }

    @ParameterizedTest
    @MethodSource("seeds")
    void every_rank_and_every_aggregate_equals_the_brute_force_computation(long seed) {
        Random random = new Random(seed);
        RankIndex index = new RankIndex();
        Map<String, Scored> population = new LinkedHashMap<>();
        int members = random.nextInt(4) == 0 ? 1 + random.nextInt(3) : 5 + random.nextInt(400);
        int industries = 1 + random.nextInt(6);
        int teams = 1 + random.nextInt(8);
        // Few distinct scores in some populations, so that ties are everywhere.
        int granularity = random.nextBoolean() ? 1 : 500 + random.nextInt(2000);
        long seq = 0;
        int updates = members + random.nextInt(members * 2 + 1);
        for (int u = 0; u < updates; u++) {
            String member = "m" + (u < members ? u : random.nextInt(members));
            // A skewed choice makes some industries and teams large, others tiny.
            String industry = "ind-" + skewed(random, industries);
            String team = random.nextInt(10) == 0 ? null : "t" + skewed(random, teams);
            int cents = Math.min(10_000, random.nextInt(10_001) / granularity * granularity);
            int[] pillarCents = pillars(random, cents);
            index.put(member, industry, team, cents, pillarCents, ++seq);
            population.put(member, new Scored(industry, team, points(cents), points(pillarCents)));
        }
        Map<String, Set<String>> connections = connections(random, population.keySet());

        for (var entry : population.entrySet()) {
            String member = entry.getKey();
            Scored scored = entry.getValue();
            List<Scored> industry = population.values().stream()
                    .filter(other -> other.industry().equals(scored.industry()))
                    .toList();
            expectRank(scored, industry, index.industryRank(member), scored.industry());

            List<String> mine = new ArrayList<>(connections.get(member));
            mine.add("unscored-" + member);
            List<Scored> network = new ArrayList<>();
            network.add(scored);
            connections.get(member).forEach(other -> network.add(population.get(other)));
            expectRank(scored, network, index.networkRank(member, mine), null);
        }
        assertNull(index.industryRank("nobody"));
        assertNull(index.networkRank("nobody", List.of("m0")));

        Set<String> industryCodes = new TreeSet<>();
        population.values().forEach(s -> industryCodes.add(s.industry()));
        industryCodes.add("ind-empty");
        for (String code : industryCodes) {
            expectAggregate(
                    population.values().stream()
                            .filter(s -> s.industry().equals(code))
                            .toList(),
                    index.industryAggregate(code));
        }
        // A team "with its sub-teams" is any set of team ids, including ones nobody belongs to.
        for (int probe = 0; probe < 30; probe++) {
            Set<String> group = new HashSet<>();
            int size = 1 + random.nextInt(teams + 1);
            for (int i = 0; i < size; i++) {
                group.add("t" + random.nextInt(teams + 2));
            }
            expectAggregate(
                    population.values().stream()
                            .filter(s -> s.team() != null && group.contains(s.team()))
                            .toList(),
                    index.teamAggregate(group));
        }
        assertEquals(population.size(), index.size());
    }

    private static int skewed(Random random, int bound) {
        return (int) Math.floor(bound * Math.pow(random.nextDouble(), 2.5));
    }

    /** Four pillars of up to 25 points that sum to the score, as scoring-service sends them. */
    private static int[] pillars(Random random, int cents) {
        int[] pillars = new int[4];
        int left = cents;
        for (int p = 0; p < 3; p++) {
            int most = Math.min(2_500, left);
            int least = Math.max(0, left - 2_500 * (3 - p));
            pillars[p] = least + random.nextInt(most - least + 1);
            left -= pillars[p];
        }
        pillars[3] = left;
        return pillars;
    }

    /** Undirected connections; some members have none, some connect to almost everyone. */
    private static Map<String, Set<String>> connections(Random random, Set<String> members) {
        List<String> ids = new ArrayList<>(members);
        Map<String, Set<String>> graph = new HashMap<>();
        ids.forEach(id -> graph.put(id, new HashSet<>()));
        double density = random.nextDouble() * random.nextDouble();
        for (int i = 0; i < ids.size(); i++) {
            for (int j = i + 1; j < ids.size(); j++) {
                if (random.nextDouble() < density) {
                    graph.get(ids.get(i)).add(ids.get(j));
                    graph.get(ids.get(j)).add(ids.get(i));
                }
            }
        }
        return graph;
    }

    private static void expectRank(Scored self, List<Scored> group, GroupRank rank, String code) {
        assertNotNull(rank);
        long below = group.stream()
                .filter(s -> s.score().compareTo(self.score()) < 0)
                .count();
        long equal = group.stream()
                .filter(s -> s.score().compareTo(self.score()) == 0)
                .count();
        BigDecimal percentile = BigDecimal.valueOf(below)
                .add(BigDecimal.valueOf(equal).divide(BigDecimal.valueOf(2)))
                .multiply(HUNDRED)
                .divide(BigDecimal.valueOf(group.size()), 12, RoundingMode.HALF_UP);
        int top = HUNDRED.subtract(percentile).setScale(0, RoundingMode.CEILING).intValueExact();
        top = Math.max(1, Math.min(100, top));
        assertEquals(code, rank.code());
        assertEquals(group.size(), rank.size());
        assertEquals(percentile.doubleValue(), rank.percentileRank(), 1e-9);
        assertEquals(top, rank.topPercent());
        if (group.size() < 10) {
            assertNull(rank.average());
            assertEquals("group-too-small", rank.withheld());
        } else {
            assertEquals(mean(group.stream().map(Scored::score).toList()), rank.average());
            assertNull(rank.withheld());
        }
    }

    private static void expectAggregate(List<Scored> group, GroupAggregate aggregate) {
        assertEquals(group.size(), aggregate.size());
        if (group.size() < 10) {
            assertEquals("group-too-small", aggregate.withheld());
            assertNull(aggregate.average());
            assertNull(aggregate.median());
            assertNull(aggregate.pillars());
            assertNull(aggregate.distribution());
            assertNull(aggregate.leaders());
            assertNull(aggregate.laggards());
            return;
        }
        List<BigDecimal> scores = group.stream().map(Scored::score).sorted().toList();
        assertNull(aggregate.withheld());
        assertEquals(mean(scores), aggregate.average());
        int n = scores.size();
        BigDecimal median = n % 2 == 1
                ? scores.get(n / 2)
                : scores.get(n / 2 - 1).add(scores.get(n / 2)).divide(BigDecimal.valueOf(2), 2, RoundingMode.HALF_UP);
        assertEquals(median.setScale(2, RoundingMode.HALF_UP), aggregate.median());
        for (int p = 0; p < 4; p++) {
            int pillar = p;
            BigDecimal expected =
                    mean(group.stream().map(s -> s.pillars()[pillar]).toList());
            BigDecimal actual = switch (p) {
                case 0 -> aggregate.pillars().brand();
                case 1 -> aggregate.pillars().find();
                case 2 -> aggregate.pillars().engage();
                default -> aggregate.pillars().relationships();
            };
            assertEquals(expected, actual, "pillar " + p);
        }
        assertEquals(
                scores.stream()
                        .filter(s -> s.compareTo(BigDecimal.valueOf(70)) >= 0)
                        .count(),
                aggregate.leaders());
        assertEquals(
                scores.stream()
                        .filter(s -> s.compareTo(BigDecimal.valueOf(30)) <= 0)
                        .count(),
                aggregate.laggards());
        assertEquals(10, aggregate.distribution().size());
        for (int band = 0; band < 10; band++) {
            BigDecimal from = BigDecimal.valueOf(band * 10L);
            BigDecimal to = BigDecimal.valueOf(band * 10L + 10);
            boolean last = band == 9;
            long count = scores.stream()
                    .filter(s -> s.compareTo(from) >= 0 && (s.compareTo(to) < 0 || last))
                    .count();
            assertEquals(count, aggregate.distribution().get(band).count(), "band " + band);
            assertEquals(band * 10, aggregate.distribution().get(band).from());
        }
    }

    private static BigDecimal mean(List<BigDecimal> values) {
        BigDecimal sum = values.stream().reduce(BigDecimal.ZERO, BigDecimal::add);
        return sum.divide(BigDecimal.valueOf(values.size()), 2, RoundingMode.HALF_UP);
    }

    private static BigDecimal points(int cents) {
        return BigDecimal.valueOf(cents, 2);
    }

    private static BigDecimal[] points(int[] cents) {
        BigDecimal[] points = new BigDecimal[cents.length];
        for (int i = 0; i < cents.length; i++) {
            points[i] = points(cents[i]);
        }
        return points;
    }
}
