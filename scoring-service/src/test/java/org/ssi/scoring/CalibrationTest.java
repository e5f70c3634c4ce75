package org.ssi.scoring;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.ssi.rules.ScoreBands;
import org.ssi.scoring.model.ModelDocument;
import org.ssi.scoring.model.PillarScores;
import org.ssi.scoring.model.ScoringModel;

/**
 * Model v1 on a simulated population of sales reps reproduces the population facts of the sources
 * (design/ssi-model.md): about 1.4% at 70 and above, the typical rep in the 20s, Engage the lowest pillar on average
 * and Relationships the highest, and no more than 20 points on Engage without InMail. The figures are printed, and
 * reproduced in the service's README.
 */
class CalibrationTest {

    static final long SEED = 20_260_101L;
    static final int REPS = 20_000;

    /**
     * "Only 1.4% of sales professionals score 70+" (source 003): accepted from 0.8% to 2.2%. Sampling alone moves the
     * share by about 0.1 point from seed to seed (280 leaders of 20,000); the tolerance leaves room for that and for
     * small model changes, and still fails when the model drifts by half of the fact.
     */
    static final double LEADERS_PERCENT = 1.4;

    static final double LEADERS_TOLERANCE = 0.6;
    static final BigDecimal LEADER_SCORE = BigDecimal.valueOf(ScoreBands.LEADER_SCORE);
    /** "The average sales rep moved from 21 to 28 in a year" (003): the mean and the median rep in the 20s. */
    static final double TYPICAL_LOW = 20;

    static final double TYPICAL_HIGH = 30;
    /** "If you aren't using InMail, the best you can get on Engage with Insight is 20 points" (004). */
    static final double ENGAGE_WITHOUT_INMAIL = 20;

    private static final int ENGAGE = 2;

    private final ScoringModel model = new ScoringModel();

    /** What the population scores: the share of leaders (in %), the mean and median, and each pillar's mean. */
    record Statistics(
            int reps,
            double leadersPercent,
            double mean,
            double median,
            double brand,
            double find,
            double engage,
            double relationships,
            double bestEngageWithoutInmail,
            Map<String, Double> meanByPersona) {

        String table() {
            StringBuilder text = new StringBuilder();
            text.append("reps %d, 70+ %.2f%%, mean %.2f, median %.2f%n".formatted(reps, leadersPercent, mean, median));
            text.append("pillar means: brand %.2f, find %.2f, engage %.2f, relationships %.2f%n"
                    .formatted(brand, find, engage, relationships));
            text.append("best Engage without InMail: %.2f%n".formatted(bestEngageWithoutInmail));
            meanByPersona.forEach((persona, score) -> text.append("  %-10s mean %.2f%n".formatted(persona, score)));
            return text.toString();
        }
    }

    static Statistics measure(ScoringModel model, long seed, int size) {
        List<SimulatedPopulation.Rep> reps = new SimulatedPopulation(seed).reps(size);
        double[] scores = new double[size];
        double[] pillars = new double[4];
        Map<String, double[]> byPersona = new LinkedHashMap<>();
        SimulatedPopulation.PERSONAS.forEach(p -> byPersona.put(p.name(), new double[2]));
        int leaders = 0;
        double bestEngageWithoutInmail = 0;
        for (int i = 0; i < size; i++) {
            SimulatedPopulation.Rep rep = reps.get(i);
            PillarScores score = model.score(rep.inputs());
            scores[i] = score.score().doubleValue();
            if (score.score().compareTo(LEADER_SCORE) >= 0) {
                leaders++;
            }
            pillars[0] += score.brand().doubleValue();
            pillars[1] += score.find().doubleValue();
            pillars[2] += score.engage().doubleValue();
            pillars[3] += score.relationships().doubleValue();
            if (rep.inputs().window("INMAIL_SENT") == 0) {
                bestEngageWithoutInmail =
                        Math.max(bestEngageWithoutInmail, score.engage().doubleValue());
            }
            double[] persona = byPersona.get(rep.persona().name());
            persona[0] += scores[i];
            persona[1]++;
        }
        double[] sorted = scores.clone();
        Arrays.sort(sorted);
        double median = size % 2 == 1 ? sorted[size / 2] : (sorted[size / 2 - 1] + sorted[size / 2]) / 2;
        Map<String, Double> meanByPersona = new LinkedHashMap<>();
        byPersona.forEach((name, sum) -> meanByPersona.put(name, sum[0] / sum[1]));
        return new Statistics(
                size,
                100.0 * leaders / size,
                Arrays.stream(scores).average().orElseThrow(),
                median,
                pillars[0] / size,
                pillars[1] / size,
                pillars[2] / size,
                pillars[3] / size,
                bestEngageWithoutInmail,
                meanByPersona);
    }

    @Test
    void reproduces_the_population_facts_of_the_sources() {
        Statistics statistics = measure(model, SEED, REPS);
        System.out.println("Calibration of model v" + model.version() + ", seed " + SEED + System.lineSeparator()
                + statistics.table());

        assertEquals(LEADERS_PERCENT, statistics.leadersPercent(), LEADERS_TOLERANCE, "share of reps at 70 and above");
        assertTrue(
                statistics.mean() >= TYPICAL_LOW && statistics.mean() <= TYPICAL_HIGH,
                "the mean rep is in the 20s: " + statistics.mean());
        assertTrue(
                statistics.median() >= TYPICAL_LOW && statistics.median() <= TYPICAL_HIGH,
                "the median rep is in the 20s: " + statistics.median());
        List<Double> pillarMeans =
                List.of(statistics.brand(), statistics.find(), statistics.engage(), statistics.relationships());
        assertEquals(
                statistics.engage(), pillarMeans.stream().min(Double::compare).orElseThrow(), "Engage lowest");
        assertEquals(
                statistics.relationships(),
                pillarMeans.stream().max(Double::compare).orElseThrow(),
                "Relationships highest");
        assertTrue(statistics.bestEngageWithoutInmail() <= ENGAGE_WITHOUT_INMAIL, statistics::table);
    }

    @Test
    void without_inmail_no_rep_can_earn_more_than_twenty_points_on_engage() {
        double withoutInmail = model.document().pillars().get(ENGAGE).subMetrics().stream()
                .filter(metric -> metric.metric() == null || !metric.metric().startsWith("INMAIL_"))
                .mapToDouble(ModelDocument.SubMetric::weight)
                .sum();
        assertTrue(withoutInmail <= ENGAGE_WITHOUT_INMAIL, () -> "Engage without InMail is worth " + withoutInmail);
    }

    @Test
    void busier_personas_score_higher() {
        List<Double> means =
                new ArrayList<>(measure(model, SEED, 4_000).meanByPersona().values());
        for (int i = 1; i < means.size(); i++) {
            assertTrue(means.get(i) > means.get(i - 1), () -> "persona means in order of activity: " + means);
        }
    }
}
