package org.ssi.devstack.simulation;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;

/**
 * A sales organisation generated from a seed: industries of Zipf-like sizes, a three-level team hierarchy per
 * industry (a VP over departments led by directors over teams of 6 to 16 led by managers), seniorities, a persona per
 * rep, and a heavy-tailed connection graph between members that stays mostly within the industry and the team. The
 * same seed and size always give the same organisation, member by member.
 *
 * @param members in index order; member {@code i} has id {@code sim-%06d}
 * @param connections undirected member pairs, packed as {@code (lower index << 32) | higher index}, sorted
 */
public record SimulatedOrganisation(
        long seed, List<String> industries, List<Team> teams, List<Member> members, long[] connections) {

    /** Industries by decreasing size; a size-k industry gets a share proportional to 1/k. */
    static final List<String> INDUSTRIES = List.of(
            "software",
            "financial-services",
            "manufacturing",
            "healthcare",
            "retail",
            "telecommunications",
            "professional-services",
            "logistics",
            "energy",
            "media",
            "education",
            "public-sector");
    /** Connection partners: a quarter from the member's own team, most of the rest from their industry. */
    static final double SAME_TEAM = 0.25;

    static final double SAME_INDUSTRY = 0.6;
    /** Of a rep's coworker connections, this share are sales reps in the directory; the rest work elsewhere. */
    static final double COWORKERS_IN_DIRECTORY = 0.2;

    private static final int TEAM_MIN = 6;
    private static final int TEAM_MAX = 16;
    private static final int TEAMS_PER_DEPARTMENT_MIN = 3;
    private static final int TEAMS_PER_DEPARTMENT_MAX = 7;
    private static final String[] FIRST_NAMES = {
        "Anna", "Ben", "Chloé", "David", "Elif", "Felix", "Grace", "Hiro", "Ines", "Jonas", "Kara", "Liam", "Mei",
        "Noah", "Olga", "Paul", "Rosa", "Sami", "Tara", "Umar", "Vera", "Wim", "Yara", "Zoe"
    };
    private static final String[] LAST_NAMES = {
        "Adler", "Berg", "Costa", "Dubois", "Eriksen", "Fischer", "Garcia", "Hansen", "Ito", "Jansen", "Kowalski",
        "Larsen", "Moreau", "Novak", "Okafor", "Petrov", "Quinn", "Rossi", "Schmidt", "Tanaka", "Urban", "Weber"
    };

    /** A team: leaf teams of reps, departments, and an industry's top team. */
    public record Team(String id, String name, String parentId, String managerId) {}

    /**
     * A simulated rep.
     *
     * @param traits what the rep is like, drawn from the rep's own random stream
     * @param connections the rep's connections to other members (its degree in the graph)
     */
    public record Member(
            int index,
            String id,
            String displayName,
            String industry,
            String seniority,
            String teamId,
            Traits traits,
            int connections) {}

    public static String memberId(int index) {
        String digits = Integer.toString(index);
        return digits.length() >= 6 ? "sim-" + digits : "sim-" + "000000".substring(digits.length()) + digits;
    }

    /** Generates an organisation of {@code size} members. */
    public static SimulatedOrganisation generate(int size, long seed) {
        if (size < 1) {
            throw new IllegalArgumentException("an organisation has at least one member");
        }
        SplittableRandom random = new SplittableRandom(seed);
        int[] industrySizes = industrySizes(size);
        List<String> industries = new ArrayList<>();
        List<Team> teams = new ArrayList<>();
        String[] industryOf = new String[size];
        String[] teamOf = new String[size];
        String[] seniorityOf = new String[size];
        int next = 0;
        for (int k = 0; k < INDUSTRIES.size(); k++) {
            if (industrySizes[k] == 0) {
                continue;
            }
            String industry = INDUSTRIES.get(k);
            industries.add(industry);
            int end = next + industrySizes[k];
            next = staffIndustry(industry, next, end, random, teams, teamOf, seniorityOf);
            Arrays.fill(industryOf, end - industrySizes[k], end, industry);
        }
        List<Traits> traits = new ArrayList<>(size);
        for (int i = 0; i < size; i++) {
            traits.add(Traits.draw(seed, i));
        }
        long[] connections = connect(size, seed, industryOf, teamOf, traits);
        int[] degree = new int[size];
        for (long pair : connections) {
            degree[(int) (pair >>> 32)]++;
            degree[(int) pair]++;
        }
        List<Member> members = new ArrayList<>(size);
        for (int i = 0; i < size; i++) {
            members.add(new Member(
                    i,
                    memberId(i),
                    FIRST_NAMES[random.nextInt(FIRST_NAMES.length)] + " "
                            + LAST_NAMES[random.nextInt(LAST_NAMES.length)],
                    industryOf[i],
                    seniorityOf[i],
                    teamOf[i],
                    traits.get(i),
                    degree[i]));
        }
        return new SimulatedOrganisation(
                seed, List.copyOf(industries), List.copyOf(teams), List.copyOf(members), connections);
    }

    /** Zipf-like: the k-th industry has a share proportional to 1/k; the rounding remainder goes to the first. */
    static int[] industrySizes(int size) {
        double[] weights = new double[INDUSTRIES.size()];
        double sum = 0;
        for (int k = 0; k < weights.length; k++) {
            weights[k] = 1.0 / (k + 1);
            sum += weights[k];
        }
        int[] sizes = new int[weights.length];
        int given = 0;
        for (int k = 0; k < weights.length; k++) {
            sizes[k] = (int) Math.floor(size * weights[k] / sum);
            given += sizes[k];
        }
        sizes[0] += size - given;
        return sizes;
    }

    /**
     * Members {@code from..end-1} of one industry: a VP in the industry's top team, then per department a director
     * and its teams, each led by a manager. Answers {@code end}.
     */
    private static int staffIndustry(
            String industry,
            int from,
            int end,
            SplittableRandom random,
            List<Team> teams,
            String[] teamOf,
            String[] seniorityOf) {
        String top = "sim-" + industry;
        String vp = memberId(from);
        teams.add(new Team(top, title(industry), null, vp));
        teamOf[from] = top;
        seniorityOf[from] = "VP";
        int next = from + 1;
        int department = 0;
        while (next < end) {
            department++;
            String departmentId = top + "-d" + department;
            String director = memberId(next);
            teams.add(new Team(departmentId, title(industry) + " " + department, top, director));
            teamOf[next] = departmentId;
            seniorityOf[next] = "DIRECTOR";
            next++;
            int teamCount =
                    TEAMS_PER_DEPARTMENT_MIN + random.nextInt(TEAMS_PER_DEPARTMENT_MAX - TEAMS_PER_DEPARTMENT_MIN + 1);
            for (int t = 1; t <= teamCount && next < end; t++) {
                int teamSize = Math.min(end - next, TEAM_MIN + random.nextInt(TEAM_MAX - TEAM_MIN + 1));
                String teamId = departmentId + "-t" + t;
                teams.add(new Team(teamId, title(industry) + " " + department + "." + t, departmentId, memberId(next)));
                for (int i = next; i < next + teamSize; i++) {
                    teamOf[i] = teamId;
                    seniorityOf[i] = i == next ? "MANAGER" : random.nextDouble() < 0.4 ? "ENTRY" : "SENIOR";
                }
                next += teamSize;
            }
        }
        return end;
    }

    private static String title(String industry) {
        StringBuilder title = new StringBuilder();
        for (String word : industry.split("-")) {
            title.append(title.isEmpty() ? "" : " ")
                    .append(Character.toUpperCase(word.charAt(0)))
                    .append(word.substring(1));
        }
        return title.toString();
    }

    /**
     * A Chung-Lu-style graph: each member proposes half of their directory connections, to a teammate, to someone of
     * their industry or to anyone, choosing partners outside the team in proportion to the partner's own target
     * degree. Target degrees are log-normal within a persona and differ tenfold between personas, so the degree
     * distribution is heavy-tailed.
     */
    private static long[] connect(int size, long seed, String[] industryOf, String[] teamOf, List<Traits> traits) {
        SplittableRandom random = new SplittableRandom(seed ^ 0x5DEECE66DL);
        double[] weight = new double[size];
        for (int i = 0; i < size; i++) {
            weight[i] = traits.get(i).coworkers() * COWORKERS_IN_DIRECTORY;
        }
        Range[] industryRange = ranges(industryOf);
        Range[] teamRange = ranges(teamOf);
        double[] cumulative = new double[size];
        double total = 0;
        for (int i = 0; i < size; i++) {
            total += weight[i];
            cumulative[i] = total;
        }
        Set<Long> pairs = new HashSet<>();
        for (int i = 0; i < size; i++) {
            long proposals = Math.round(weight[i] / 2);
            for (long p = 0; p < proposals; p++) {
                double draw = random.nextDouble();
                int partner;
                if (draw < SAME_TEAM) {
                    Range team = teamRange[i];
                    partner = team.from() + random.nextInt(team.size());
                } else if (draw < SAME_TEAM + SAME_INDUSTRY) {
                    partner = weighted(cumulative, industryRange[i], random);
                } else {
                    partner = weighted(cumulative, new Range(0, size), random);
                }
                if (partner != i) {
                    pairs.add(pack(i, partner));
                }
            }
        }
        long[] sorted = pairs.stream().mapToLong(Long::longValue).toArray();
        Arrays.sort(sorted);
        return sorted;
    }

    static long pack(int a, int b) {
        int low = Math.min(a, b);
        int high = Math.max(a, b);
        return ((long) low << 32) | high;
    }

    /** Members {@code from..from+size-1}. */
    private record Range(int from, int size) {}

    /** For each member, the contiguous range of members sharing its value (values are contiguous by construction). */
    private static Range[] ranges(String[] values) {
        Range[] ranges = new Range[values.length];
        int start = 0;
        for (int i = 1; i <= values.length; i++) {
            if (i == values.length || !values[i].equals(values[start])) {
                Range range = new Range(start, i - start);
                Arrays.fill(ranges, start, i, range);
                start = i;
            }
        }
        return ranges;
    }

    private static int weighted(double[] cumulative, Range range, SplittableRandom random) {
        double below = range.from() == 0 ? 0 : cumulative[range.from() - 1];
        double target = below + random.nextDouble() * (cumulative[range.from() + range.size() - 1] - below);
        int low = range.from();
        int high = range.from() + range.size() - 1;
        while (low < high) {
            int middle = (low + high) >>> 1;
            if (cumulative[middle] < target) {
                low = middle + 1;
            } else {
                high = middle;
            }
        }
        return low;
    }

    /** The members' ids connected to member {@code index} where it is the lower of the pair. */
    public List<Long> connectionsFrom(int index) {
        List<Long> from = new ArrayList<>();
        int at = firstFrom(index);
        while (at < connections.length && (int) (connections[at] >>> 32) == index) {
            from.add(connections[at]);
            at++;
        }
        return from;
    }

    private int firstFrom(int index) {
        long key = (long) index << 32;
        int position = Arrays.binarySearch(connections, key);
        return position >= 0 ? position : -position - 1;
    }

    public Persona persona(int index) {
        return members.get(index).traits().persona();
    }
}
