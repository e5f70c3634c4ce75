package org.ssi.bench.benchmark;

import static org.ssi.bench.run.BenchContext.progress;

import java.io.StringReader;
import java.lang.management.ManagementFactory;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.postgresql.PGConnection;
import org.ssi.bench.report.Figure;
import org.ssi.bench.report.Samples;
import org.ssi.bench.report.Section;
import org.ssi.bench.run.BenchContext;
import org.ssi.bench.run.Population;
import org.ssi.bench.run.Population.SkewedIndustries;
import org.ssi.ranking.rank.service.RankIndex;

/**
 * Ranks: ranking-service's {@link RankIndex} in this process over a million members in 150 skewed industries, the
 * same through HTTP on the population of the run, against PostgreSQL over the same million: {@code percent_rank()},
 * and the counts a DBA would read from an index on (industry, score).
 */
public final class RankingBenchmark implements Benchmark {

    private static final int CONNECTIONS = 300;

    /** The member's percentile rank as RankIndex defines it, {@code 100 * (below + equal / 2) / size}, from counts. */
    private static final String COUNTS = "select count(*) filter (where cents < ?), count(*) filter (where cents = ?),"
            + " count(*) from bench.rank_score where industry = ?";

    @Override
    public String name() {
        return "ranking";
    }

    @Override
    public Duration budget() {
        return Duration.ofMinutes(4);
    }

    @Override
    public Section run(BenchContext context, Budget budget) throws Exception {
        int size = Integer.getInteger("ssi.bench.rank.members", 1_000_000);
        Section section =
                new Section(name(), "Ranks: RankIndex and HTTP vs PostgreSQL percent_rank() and indexed count(*)");
        Random random = new Random(7L);
        SkewedIndustries skewed = new SkewedIndustries();
        int[] industry = new int[size];
        int[] cents = new int[size];
        for (int i = 0; i < size; i++) {
            industry[i] = skewed.draw(random);
            cents[i] = score(random);
        }

        progress(name() + ": building the index of " + size + " members in process");
        long heapBefore = usedHeapAfterGc();
        String[] codes = new String[Population.INDUSTRIES];
        for (int k = 0; k < codes.length; k++) {
            codes[k] = SkewedIndustries.code(k);
        }
        RankIndex index = new RankIndex();
        Instant start = Instant.now();
        for (int i = 0; i < size; i++) {
            index.put(id(i), codes[industry[i]], null, cents[i], pillars(cents[i]), i);
        }
        double buildSeconds = Population.seconds(start);
        long heapAfter = usedHeapAfterGc();
        double heapMb = (heapAfter - heapBefore) / (1024.0 * 1024);

        String[] queried = new String[100_000];
        for (int i = 0; i < queried.length; i++) {
            queried[i] = id(random.nextInt(size));
        }
        for (String member : queried) {
            index.industryRank(member); // warm-up
        }
        Samples inProcess = new Samples();
        for (String member : queried) {
            long began = System.nanoTime();
            index.industryRank(member);
            inProcess.add((System.nanoTime() - began) / 1e6);
        }

        Samples network = new Samples();
        List<List<String>> networks = new ArrayList<>();
        for (int n = 0; n < 200; n++) {
            List<String> connections = new ArrayList<>(CONNECTIONS);
            for (int c = 0; c < CONNECTIONS; c++) {
                connections.add(id(random.nextInt(size)));
            }
            networks.add(connections);
        }
        for (int round = 0; round < 2; round++) {
            for (int n = 0; n < 10_000; n++) {
                long began = System.nanoTime();
                index.networkRank(queried[n], networks.get(n % networks.size()));
                if (round == 1) {
                    network.add((System.nanoTime() - began) / 1e6);
                }
            }
        }

        int updates = 500_000;
        String[] moved = new String[updates];
        String[] movedIndustry = new String[updates];
        int[] movedTo = new int[updates];
        for (int u = 0; u < updates; u++) {
            int i = random.nextInt(size);
            moved[u] = id(i);
            movedIndustry[u] = SkewedIndustries.code(industry[i]);
            movedTo[u] = score(random);
            cents[i] = movedTo[u]; // PostgreSQL gets the scores the index ends with
        }
        start = Instant.now();
        for (int u = 0; u < updates; u++) {
            index.put(moved[u], movedIndustry[u], null, movedTo[u], pillars(movedTo[u]), size + u);
        }
        double updateSeconds = Population.seconds(start);

        progress(name() + ": the same " + size + " scores in PostgreSQL");
        Samples wholeTable = new Samples();
        Samples oneIndustry = new Samples();
        Samples counted = new Samples();
        int sameRank = 0;
        String plan;
        String visible;
        try (Connection connection = context.database()) {
            load(connection, industry, cents);
            String whole = "select pr from (select member_id, percent_rank() over (partition by industry order by"
                    + " cents) as pr from bench.rank_score) t where member_id = ?";
            String within = "select pr from (select member_id, percent_rank() over (order by cents) as pr"
                    + " from bench.rank_score where industry = ?) t where member_id = ?";
            try (PreparedStatement query = connection.prepareStatement(whole)) {
                for (int i = 0; i < 6 && !budget.spent(); i++) {
                    query.setString(1, queried[i]);
                    Instant began = Instant.now();
                    try (var rows = query.executeQuery()) {
                        rows.next();
                    }
                    if (i > 0) {
                        wholeTable.add(Population.seconds(began) * 1000);
                    }
                }
            }
            try (PreparedStatement query = connection.prepareStatement(within)) {
                for (int i = 0; i < 41 && !budget.spent(); i++) {
                    int member = Integer.parseInt(queried[i].substring(2));
                    query.setString(1, SkewedIndustries.code(industry[member]));
                    query.setString(2, queried[i]);
                    Instant began = Instant.now();
                    try (var rows = query.executeQuery()) {
                        rows.next();
                    }
                    if (i > 0) {
                        oneIndustry.add(Population.seconds(began) * 1000);
                    }
                }
            }
            visible = vacuum(connection);
            plan = plan(connection, industry, cents);
            progress(name() + ": counts over the index, " + visible + "; plan " + plan);
            try (PreparedStatement query = connection.prepareStatement(COUNTS)) {
                for (int i = 0; i < 201 && !budget.spent(); i++) {
                    int member = Integer.parseInt(queried[i].substring(2));
                    query.setInt(1, cents[member]);
                    query.setInt(2, cents[member]);
                    query.setString(3, SkewedIndustries.code(industry[member]));
                    Instant began = Instant.now();
                    double rank;
                    try (var rows = query.executeQuery()) {
                        rows.next();
                        rank = 100.0 * (rows.getLong(1) + 0.5 * rows.getLong(2)) / rows.getLong(3);
                    }
                    if (i > 0) {
                        counted.add(Population.seconds(began) * 1000);
                        sameRank += rank == index.industryRank(queried[i]).percentileRank() ? 1 : 0;
                    }
                }
            }
            connection.createStatement().execute("drop table bench.rank_score");
        }

        Samples http = new Samples();
        Samples httpFloor = new Samples();
        List<String> members = context.population().members();
        String token = context.serviceToken();
        for (int i = 0; i < 1_100 && !budget.spent(); i++) {
            String member = members.get(random.nextInt(members.size()));
            Instant began = Instant.now();
            BenchContext.expectOk(
                    context.get(context.ranking() + "/internal/ranks/" + member + "/industry", token), "rank");
            double ms = Population.seconds(began) * 1000;
            began = Instant.now();
            BenchContext.expectOk(context.get(context.ranking() + "/q/health/live", token), "live");
            double floor = Population.seconds(began) * 1000;
            if (i >= 100) {
                http.add(ms);
                httpFloor.add(floor);
            }
        }

        double p50 = inProcess.percentile(50);
        double p99 = inProcess.percentile(99);
        section.figure(Figure.of(
                "industry rank in process, p50",
                p50,
                "ms",
                "percent_rank() over all " + String.format("%,d", size) + ", p50",
                wholeTable.percentile(50)));
        section.figure(Figure.of(
                "industry rank in process, p99",
                p99,
                "ms",
                "percent_rank() over all " + String.format("%,d", size) + ", p99",
                wholeTable.percentile(99)));
        section.figure(Figure.of(
                "industry rank in process, p50",
                p50,
                "ms",
                "percent_rank() within the member's industry, p50",
                oneIndustry.percentile(50)));
        section.figure(Figure.of(
                "industry rank in process, p50",
                p50,
                "ms",
                "indexed count(*) within the member's industry, p50",
                counted.percentile(50)));
        section.figure(Figure.of(
                "industry rank in process, p99",
                p99,
                "ms",
                "indexed count(*) within the member's industry, p99",
                counted.percentile(99)));
        section.figure(Figure.of(
                "network rank in process (" + CONNECTIONS + " connections), p50",
                network.percentile(50),
                "ms",
                "percent_rank() within the member's industry, p50",
                oneIndustry.percentile(50)));
        section.figure(Figure.of(
                "network rank in process (" + CONNECTIONS + " connections), p99",
                network.percentile(99),
                "ms",
                "percent_rank() within the member's industry, p99",
                oneIndustry.percentile(99)));
        section.figure(Figure.of(
                "industry rank through HTTP (ranking-service), p50",
                http.percentile(50),
                "ms",
                "GET /q/health/live of the same service, p50",
                httpFloor.percentile(50)));
        section.figure(Figure.of(
                "industry rank through HTTP (ranking-service), p99",
                http.percentile(99),
                "ms",
                "GET /q/health/live of the same service, p99",
                httpFloor.percentile(99)));
        section.figure(Figure.of(
                "industry rank through HTTP, p50",
                http.percentile(50),
                "ms",
                "percent_rank() within the industry, p50",
                oneIndustry.percentile(50)));
        section.figure(Figure.of(
                "industry rank through HTTP, p50",
                http.percentile(50),
                "ms",
                "indexed count(*) within the industry, p50",
                counted.percentile(50)));
        section.figure(Figure.of(
                "industry rank through HTTP, p99",
                http.percentile(99),
                "ms",
                "indexed count(*) within the industry, p99",
                counted.percentile(99)));
        section.figure(Figure.of(
                "updates per second in process",
                updates / updateSeconds,
                "updates/s",
                "index build (puts/s)",
                size / buildSeconds));
        section.figure(new Figure(
                "heap of the index for " + String.format("%,d", size) + " members", heapMb, "MB", null, null));
        section.figure(new Figure(
                "index build from " + String.format("%,d", size) + " scores (the rebuild's work)",
                buildSeconds,
                "s",
                null,
                null));
        section.note(String.format(
                "%,d members in %d industries of Zipf sizes (largest %,d, smallest %,d), scores 0.00–100.00 drawn"
                        + " around 25; %,d timed rank queries after as many for warm-up; network ranks over %d random"
                        + " connections each; %,d score updates.",
                size,
                Population.INDUSTRIES,
                count(industry, 0),
                count(industry, Population.INDUSTRIES - 1),
                queried.length,
                CONNECTIONS,
                updates));
        section.note("percent_rank() samples: " + wholeTable.size() + " over the whole million (partitioned by"
                + " industry, as a rank of every industry at once), " + oneIndustry.size() + " within one industry"
                + " (index on industry, cents); the first query of each is not counted. Through HTTP: "
                + http.size() + " sequential requests on the run's population of "
                + String.format("%,d", members.size()) + " members, with a token.");
        section.note("Indexed count(*): " + counted.size() + " samples (the first query not counted) of `" + COUNTS
                + "`, the member's industry and score given, over an index on (industry, cents) of the same table,"
                + " vacuumed (" + visible
                + ") and analysed; the percentile rank 100 × (below + equal / 2) ÷ all is RankIndex's, and"
                + " equalled its answer for " + sameRank + " of the " + counted.size() + " samples. The plan"
                + " (EXPLAIN ANALYZE of the largest industry): " + plan + ".");
        section.note("Heap is the growth of the used heap (after a full GC) of this JVM while building the index:"
                + " the member ids, placements and 150 Fenwick trees. The ranking-service's own rebuild at start reads"
                + " member_score from PostgreSQL first; its log says: " + rebuildLine(context) + ".");
        section.note("Timings in process are single calls measured with System.nanoTime(); its resolution and the"
                + " synchronized methods of RankIndex are part of them.");
        return section;
    }

    /**
     * Vacuums the table until its visibility map covers it, so that the counts can read the index alone (an
     * index-only scan): a snapshot held elsewhere (an autovacuum's analyze, say) can keep the fresh rows from being
     * all-visible for a while. Answers how many pages are all-visible.
     */
    private static String vacuum(Connection connection) throws Exception {
        String visible = "";
        for (int attempt = 0; attempt < 30; attempt++) {
            connection.createStatement().execute("vacuum analyze bench.rank_score");
            try (var rows = connection
                    .createStatement()
                    .executeQuery("select relallvisible, relpages from pg_class where oid ="
                            + " 'bench.rank_score'::regclass")) {
                rows.next();
                visible = rows.getInt(1) + " of " + rows.getInt(2) + " pages all-visible";
                if (rows.getInt(1) >= rows.getInt(2)) {
                    return visible;
                }
            }
            Population.sleep(1_000);
        }
        return visible;
    }

    /** The scan node of the counts' plan for the largest industry, with its heap fetches. */
    private static String plan(Connection connection, int[] industry, int[] cents) throws Exception {
        int member = 0;
        while (industry[member] != 0) {
            member++;
        }
        String explain = "explain (analyze) "
                + COUNTS.replaceFirst("\\?", String.valueOf(cents[member]))
                        .replaceFirst("\\?", String.valueOf(cents[member]))
                        .replaceFirst("\\?", "'" + SkewedIndustries.code(0) + "'");
        List<String> nodes = new ArrayList<>();
        try (var rows = connection.createStatement().executeQuery(explain)) {
            while (rows.next()) {
                String line = rows.getString(1).trim().replaceFirst("^->\\s+", "");
                if (line.contains(" Scan") || line.startsWith("Heap Fetches")) {
                    nodes.add(line.replaceFirst("\\s+\\(cost=.*", ""));
                }
            }
        }
        return "`" + String.join("`, `", nodes) + "`";
    }

    private static String rebuildLine(BenchContext context) {
        try {
            return java.nio.file.Files.readAllLines(
                            context.process("ranking-service").log())
                    .stream()
                    .filter(line -> line.contains("Rank index rebuilt"))
                    .map(line -> line.substring(line.indexOf("Rank index rebuilt")))
                    .reduce((first, second) -> second)
                    .orElse("no rebuild line");
        } catch (java.io.IOException e) {
            return "unreadable";
        }
    }

    private static long count(int[] industry, int code) {
        long n = 0;
        for (int i : industry) {
            if (i == code) {
                n++;
            }
        }
        return n;
    }

    private static void load(Connection connection, int[] industry, int[] cents) throws Exception {
        connection.createStatement().execute("create schema if not exists bench");
        connection.createStatement().execute("drop table if exists bench.rank_score");
        connection
                .createStatement()
                .execute("create table bench.rank_score (member_id varchar(64) primary key, industry varchar(64) not"
                        + " null, cents integer not null)");
        StringBuilder csv = new StringBuilder(industry.length * 32);
        for (int i = 0; i < industry.length; i++) {
            csv.append(id(i))
                    .append(',')
                    .append(SkewedIndustries.code(industry[i]))
                    .append(',')
                    .append(cents[i])
                    .append('\n');
        }
        connection
                .unwrap(PGConnection.class)
                .getCopyAPI()
                .copyIn("copy bench.rank_score from stdin with (format csv)", new StringReader(csv.toString()));
        connection.createStatement().execute("create index rank_score_industry on bench.rank_score (industry, cents)");
        connection.createStatement().execute("analyze bench.rank_score");
    }

    private static String id(int i) {
        return "r-" + i;
    }

    private static int score(Random random) {
        return (int) Math.max(0, Math.min(10_000, Math.round(2_500 + random.nextGaussian() * 1_200)));
    }

    private static int[] pillars(int cents) {
        int quarter = cents / 4;
        return new int[] {quarter, quarter, quarter, cents - 3 * quarter};
    }

    private static long usedHeapAfterGc() {
        for (int i = 0; i < 3; i++) {
            System.gc();
        }
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }
}
