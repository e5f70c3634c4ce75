package org.ssi.bench.benchmark;

import static org.ssi.bench.run.BenchContext.progress;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.List;
import org.ssi.bench.report.Figure;
import org.ssi.bench.report.Samples;
import org.ssi.bench.report.Section;
import org.ssi.bench.run.BenchContext;
import org.ssi.bench.run.Population;
import org.ssi.devstack.Http;

/**
 * From an event posted at the gateway to the member's new score, and then new rank, readable at the gateway; against
 * a plain GET round trip of the same endpoint.
 */
public final class FreshnessBenchmark implements Benchmark {

    private static final Duration SAMPLE_LIMIT = Duration.ofSeconds(30);
    private static final long POLL_MILLIS = 5;

    @Override
    public String name() {
        return "freshness";
    }

    @Override
    public Duration budget() {
        return Duration.ofMinutes(3);
    }

    @Override
    public Section run(BenchContext context, Budget budget) throws Exception {
        Population population = context.population();
        Population.awaitFeedsCaughtUp(context, Duration.ofMinutes(2));
        int wanted = Integer.getInteger("ssi.bench.freshness.samples", 50);
        List<String> members = population.fresh();
        Samples toScore = new Samples();
        Samples toRank = new Samples();
        Samples roundTrip = new Samples();
        int timedOut = 0;
        String admin = context.personToken("root");
        for (int i = 0; i < Math.min(wanted, members.size() - 1) && !budget.spent(); i++) {
            String member = members.get(i);
            String url = context.gateway() + "/api/v1/members/" + member + "/ssi";
            JsonNode before = read(context, url, admin, roundTrip);
            String event = "{\"events\":[{\"eventId\":\"bench-fresh-" + member + "-" + System.nanoTime()
                    + "\",\"memberId\":\"" + member + "\",\"type\":\"POST_SHARED\",\"occurredAt\":\""
                    + Instant.now().truncatedTo(ChronoUnit.SECONDS).atOffset(ZoneOffset.UTC)
                    + "\",\"count\":5,\"attributes\":{}}]}";
            long posted = System.nanoTime();
            context.postActivities(event, Duration.ofSeconds(30));
            Double scoreMs = null;
            Double rankMs = null;
            Instant deadline = Instant.now().plus(SAMPLE_LIMIT);
            while ((scoreMs == null || rankMs == null) && Instant.now().isBefore(deadline)) {
                JsonNode now = read(context, url, admin, roundTrip);
                double elapsed = (System.nanoTime() - posted) / 1e6;
                if (scoreMs == null
                        && now.path("score").asDouble() != before.path("score").asDouble()) {
                    scoreMs = elapsed;
                }
                if (rankMs == null
                        && now.path("industry").path("percentileRank").asDouble()
                                != before.path("industry")
                                        .path("percentileRank")
                                        .asDouble()) {
                    rankMs = elapsed;
                }
                Population.sleep(POLL_MILLIS);
            }
            if (scoreMs == null || rankMs == null) {
                timedOut++;
                continue;
            }
            toScore.add(scoreMs);
            toRank.add(rankMs);
            if ((i + 1) % 10 == 0) {
                progress(name() + ": " + (i + 1) + " samples");
            }
        }
        Section section = new Section(name(), "Freshness: event at the gateway to new score and new rank");
        section.figure(Figure.of(
                "event → new score at the gateway, p50",
                toScore.percentile(50),
                "ms",
                "GET round trip of the same endpoint, p50",
                roundTrip.percentile(50)));
        section.figure(Figure.of(
                "event → new score at the gateway, p95",
                toScore.percentile(95),
                "ms",
                "GET round trip of the same endpoint, p95",
                roundTrip.percentile(95)));
        section.figure(Figure.of(
                "event → new rank at the gateway, p50",
                toRank.percentile(50),
                "ms",
                "GET round trip of the same endpoint, p50",
                roundTrip.percentile(50)));
        section.figure(Figure.of(
                "event → new rank at the gateway, p95",
                toRank.percentile(95),
                "ms",
                "GET round trip of the same endpoint, p95",
                roundTrip.percentile(95)));
        section.note(toScore.size() + " samples, one at a time, each on a member without activity in an industry of "
                + Population.FRESH + " such members (so that both the score and the industry rank move); "
                + timedOut + " samples saw no change within " + SAMPLE_LIMIT.toSeconds() + " s. Timed from just"
                + " before `POST /api/v1/activities` (ingest client) to the first `GET /api/v1/members/{id}/ssi`"
                + " (admin) showing the new score, and the new industry percentile rank; polled every "
                + POLL_MILLIS + " ms plus a round trip.");
        section.note("The path: activity-service stores the batch and its change feed entry; scoring-service polls"
                + " that feed (every 1 s when idle) and rescores; ranking-service polls the score feed (every 500 ms"
                + " when idle). The polling intervals dominate the figures.");
        section.note(roundTrip.size() + " GET round trips (the baseline) were measured during the same polling.");
        return section;
    }

    private static JsonNode read(BenchContext context, String url, String token, Samples roundTrip) throws Exception {
        long began = System.nanoTime();
        var answer = BenchContext.expectOk(context.get(url, token), "GET " + url);
        roundTrip.add((System.nanoTime() - began) / 1e6);
        return Http.JSON.readTree(answer.body());
    }
}
