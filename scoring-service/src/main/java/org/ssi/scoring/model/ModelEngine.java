package org.ssi.scoring.model;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/** Evaluates a validated model document on a member's inputs. Pure: the same inputs always give the same score. */
public final class ModelEngine {

    private static final int RECOMMENDATIONS = 5;
    private static final double NOTHING = 0.005;

    private final ModelDocument model;

    public ModelEngine(ModelDocument model) {
        this.model = model;
    }

    public ModelDocument model() {
        return model;
    }

    public PillarScores score(MemberInputs in) {
        double[] pillars = new double[4];
        for (int p = 0; p < 4; p++) {
            for (ModelDocument.SubMetric metric : model.pillars().get(p).subMetrics()) {
                pillars[p] += points(metric, in);
            }
        }
        return PillarScores.of(pillars[0], pillars[1], pillars[2], pillars[3]);
    }

    public Explanation explain(MemberInputs in) {
        List<Explanation.Pillar> pillars = new ArrayList<>();
        for (ModelDocument.PillarDefinition pillar : model.pillars()) {
            pillars.add(explainPillar(pillar, in));
        }
        PillarScores scores = score(in);
        return new Explanation(model.version(), scores.score(), pillars, recommendations(in, scores));
    }

    private Explanation.Pillar explainPillar(ModelDocument.PillarDefinition pillar, MemberInputs in) {
        List<ModelDocument.SubMetric> metrics = pillar.subMetrics();
        double[] exact = new double[metrics.size()];
        double total = 0;
        for (int i = 0; i < exact.length; i++) {
            exact[i] = points(metrics.get(i), in);
            total += exact[i];
        }
        BigDecimal pillarPoints = PillarScores.round(total);
        long[] cents = apportion(exact, pillarPoints.movePointRight(2).longValueExact());
        List<Explanation.SubMetric> subMetrics = new ArrayList<>();
        for (int i = 0; i < exact.length; i++) {
            ModelDocument.SubMetric metric = metrics.get(i);
            subMetrics.add(new Explanation.SubMetric(
                    metric.key(), raw(metric, in), BigDecimal.valueOf(cents[i], 2), points(metric.weight())));
        }
        return new Explanation.Pillar(
                pillar.pillar(), pillarPoints, PillarScores.PILLAR_MAXIMUM.setScale(2), subMetrics);
    }

    /** Splits the pillar's rounded points into sub-metric cents that add up exactly (largest remainders). */
    static long[] apportion(double[] exact, long totalCents) {
        long[] cents = new long[exact.length];
        long assigned = 0;
        Integer[] order = new Integer[exact.length];
        for (int i = 0; i < exact.length; i++) {
            cents[i] = (long) Math.floor(exact[i] * 100 + 1e-9);
            assigned += cents[i];
            order[i] = i;
        }
        java.util.Arrays.sort(order, Comparator.comparingDouble(i -> -(exact[i] * 100 - cents[i])));
        for (int k = 0; assigned < totalCents && k < order.length; k++, assigned++) {
            cents[order[k]]++;
        }
        for (int k = order.length - 1; assigned > totalCents && k >= 0; k--) {
            if (cents[order[k]] > 0) {
                cents[order[k]]--;
                assigned--;
            }
        }
        return cents;
    }

    private List<Explanation.Recommendation> recommendations(MemberInputs in, PillarScores now) {
        double current = now.score().doubleValue();
        List<Explanation.Recommendation> found = new ArrayList<>();
        for (ModelDocument.PillarDefinition pillar : model.pillars()) {
            for (ModelDocument.SubMetric metric : pillar.subMetrics()) {
                for (Candidate candidate : candidates(metric, in, model.windowDays())) {
                    double gain = score(candidate.after()).score().doubleValue() - current;
                    if (gain > NOTHING) {
                        found.add(new Explanation.Recommendation(candidate.text(), pillar.pillar(), points(gain)));
                    }
                }
            }
        }
        found.sort(Comparator.comparing(Explanation.Recommendation::gain).reversed());
        return found.subList(0, Math.min(RECOMMENDATIONS, found.size()));
    }

    private record Candidate(String text, MemberInputs after) {}

    private static List<Candidate> candidates(ModelDocument.SubMetric metric, MemberInputs in, int windowDays) {
        List<Candidate> candidates = new ArrayList<>();
        if (metric.kind().equals("profile")) {
            for (String field : metric.fields().keySet()) {
                if (!in.profileField(field)) {
                    candidates.add(
                            new Candidate("Add " + words(field) + " to your profile", in.withProfileField(field)));
                }
            }
        }
        for (ModelDocument.Action action :
                metric.actions() == null ? List.<ModelDocument.Action>of() : metric.actions()) {
            MemberInputs after = action.adds() == null ? in : in.plus(action.adds());
            if (action.addsActiveDays() != null) {
                after = after.withActiveDays(Math.min(windowDays, in.activeDays() + action.addsActiveDays()));
            }
            candidates.add(new Candidate(action.text(), after));
        }
        return candidates;
    }

    private static String words(String field) {
        return switch (field) {
            case "photo" -> "a photo";
            case "coverPhoto" -> "a cover photo";
            case "headline" -> "a headline";
            case "summary" -> "a summary";
            case "experience" -> "your work experience";
            case "education" -> "your education";
            case "skills" -> "your skills";
            default -> field;
        };
    }

    /** The exact points of a sub-metric, between 0 and its weight. */
    double points(ModelDocument.SubMetric metric, MemberInputs in) {
        double weight = metric.weight();
        return switch (metric.kind()) {
            case "profile" -> profilePoints(metric, in);
            case "volumeWithRate" ->
                weight
                        * saturate(in.window(metric.metric()), metric.scale())
                        * between(rate(in, metric), metric.floor(), metric.target());
            default -> weight * saturate(raw(metric, in), metric.scale());
        };
    }

    /** The value the sub-metric reads: a count, a share of profile fields, or the rate of a rated volume. */
    double raw(ModelDocument.SubMetric metric, MemberInputs in) {
        return switch (metric.kind()) {
            case "count" -> in.window(metric.metric());
            case "net" -> Math.max(0, in.window(metric.metric()) - in.window(metric.minus()));
            case "activeDays" -> in.activeDays();
            case "profile" -> profilePoints(metric, in) / metric.weight();
            case "connections" -> connections(metric.connections(), in);
            case "volumeWithRate" -> rate(in, metric);
            default -> throw new IllegalStateException("validated model with unknown kind " + metric.kind());
        };
    }

    private static double profilePoints(ModelDocument.SubMetric metric, MemberInputs in) {
        double points = 0;
        for (Map.Entry<String, Double> field : metric.fields().entrySet()) {
            points += in.profileField(field.getKey()) ? field.getValue() : 0;
        }
        return points;
    }

    private long connections(String which, MemberInputs in) {
        return switch (which) {
            case "all" -> net(in, "CONNECTION_%s:external") + in.connectedMembers();
            case "internal" -> net(in, "CONNECTION_%s:external:sameCompany") + in.connectedMembers();
            default -> persona(in);
        };
    }

    private long persona(MemberInputs in) {
        List<String> seniorities = model.targetPersona().seniorities();
        long count = in.connectedMembers(seniorities.toArray(String[]::new));
        for (String seniority : seniorities) {
            count += net(in, "CONNECTION_%s:external:seniority=" + seniority);
        }
        return count;
    }

    /** Added minus removed, up to the day: a state, not a window count. */
    private static long net(MemberInputs in, String pattern) {
        return Math.max(0, in.total(pattern.formatted("ADDED")) - in.total(pattern.formatted("REMOVED")));
    }

    private static double rate(MemberInputs in, ModelDocument.SubMetric metric) {
        long whole = in.window(metric.metric());
        return whole <= 0 ? 0 : Math.min(1.0, (double) in.window(metric.rateOf()) / whole);
    }

    /** Diminishing returns: 63% of the points at {@code scale}, 95% at three times it. */
    static double saturate(double count, double scale) {
        return count <= 0 ? 0 : 1 - Math.exp(-count / scale);
    }

    /** 0 at or below the floor, 1 at or above the target, linear between. */
    static double between(double rate, double floor, double target) {
        return Math.max(0, Math.min(1, (rate - floor) / (target - floor)));
    }

    private static BigDecimal points(double value) {
        return BigDecimal.valueOf(value).setScale(2, RoundingMode.HALF_UP);
    }
}
