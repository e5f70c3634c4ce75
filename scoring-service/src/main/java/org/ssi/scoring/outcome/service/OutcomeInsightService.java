package org.ssi.scoring.outcome.service;

import io.quarkus.runtime.Startup;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import jakarta.enterprise.context.ApplicationScoped;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.function.Predicate;
import java.util.function.ToDoubleFunction;
import org.apache.commons.math3.stat.StatUtils;
import org.ssi.privacy.GroupProtection;
import org.ssi.privacy.ProtectiveNoise;
import org.ssi.problem.Problem;
import org.ssi.problem.ProblemException;
import org.ssi.problem.ProblemType;
import org.ssi.rules.ScoreBands;
import org.ssi.scoring.model.PillarScores;
import org.ssi.scoring.outcome.config.OutcomeBoundConfig;
import org.ssi.scoring.outcome.repository.OutcomeRepository;
import org.ssi.scoring.outcome.repository.OutcomeRepository.MemberOutcome;
import org.ssi.scoring.outcome.repository.OutcomeRepository.Selection;
import org.ssi.scoring.outcome.service.OutcomeInsight.Group;
import org.ssi.scoring.outcome.service.OutcomeInsight.PillarSlope;
import org.ssi.scoring.outcome.service.OutcomeStatistics.Ratio;
import org.ssi.scoring.outcome.service.OutcomeStatistics.Slope;

/**
 * Relates each member's average SSI over their outcome periods to their outcome total over those periods, as
 * protected releases (docs/privacy.md): under ten members nothing is answered, leaders and laggards under ten are
 * withheld, each member's total counts up to a bound, and every figure carries deterministic noise keyed by the
 * server secret and the data ({@link OutcomeProtection}), so that two ranges differing by one member do not give
 * that member's total, and asking again gives the same answer.
 */
@ApplicationScoped
@Startup
public class OutcomeInsightService {

    /** Slopes are given per this many points of SSI (or of a pillar), as the sources quote them. */
    public static final double POINTS = 10;

    public static final double SCORE_MAXIMUM = 100;
    /** A bound of the configuration covers ranges of up to this many days; a longer range scales it. */
    public static final int BOUND_DAYS = 90;

    public static final String WITHHELD = "group-too-small";
    public static final List<String> CONFOUNDERS = List.of("tenure", "territory", "seniority");
    static final String METHOD = "Ordinary least squares of each member's outcome total on their average SSI over the"
            + " outcome periods; 95% interval from HC3 heteroskedasticity-robust standard errors with Student's t"
            + " (n - 2 degrees of freedom); Pearson correlation; pillars one at a time, per 10 points of the pillar;"
            + " leaders (70+) to laggards (30 and below): ratio of mean outcomes with a delta-method interval on the"
            + " log ratio. Protected: each member's total counts up to outcomeBound, and every figure carries"
            + " deterministic noise (the intervals allow for it), so figures differ slightly from the exact"
            + " ones; the same data always give the same figures.";

    private final OutcomeRepository outcomes;
    private final ProtectiveNoise noise;
    private final OutcomeBoundConfig bounds;

    public OutcomeInsightService(OutcomeRepository outcomes, ProtectiveNoise noise, OutcomeBoundConfig bounds) {
        this.outcomes = outcomes;
        this.noise = noise;
        this.bounds = bounds;
        for (OutcomeMetric metric : OutcomeMetric.values()) {
            double bound = perQuarter(metric);
            if (!(bound > 0) || Double.isInfinite(bound)) {
                throw new IllegalStateException("ssi.insights.outcome-bound."
                        + metric.json().replace('_', '-') + " must be a positive number, not " + bound);
            }
        }
    }

    public Uni<OutcomeInsight> insight(OutcomeMetric metric, LocalDate from, LocalDate to) {
        double bound = bound(metric, from, to);
        return outcomes.select(metric, from, to)
                .emitOn(Infrastructure.getDefaultWorkerPool())
                .map(selection ->
                        answer(metric, from, to, selection, OutcomeProtection.of(noise, metric, bound, selection)));
    }

    private double bound(OutcomeMetric metric, LocalDate from, LocalDate to) {
        return bound(perQuarter(metric), from, to);
    }

    /** The most one member's total counts for over [from, to]: the bound of 90 days, scaled by days / 90 beyond. */
    public static double bound(double perQuarter, LocalDate from, LocalDate to) {
        long days = ChronoUnit.DAYS.between(from, to) + 1;
        return perQuarter * Math.max(1.0, days / (double) BOUND_DAYS);
    }

    private double perQuarter(OutcomeMetric metric) {
        return switch (metric) {
            case OPPORTUNITIES -> bounds.opportunities();
            case MEETINGS -> bounds.meetings();
            case DEALS_WON -> bounds.dealsWon();
            case REVENUE -> bounds.revenue();
        };
    }

    /** The band a score falls in, as the groups' fingerprint records it. */
    static String band(double score) {
        return ScoreBands.isLeader(score) ? "leader" : ScoreBands.isLaggard(score) ? "laggard" : "middle";
    }

    /**
     * The protected answer for the selected members; a 403 problem when they are fewer than ten. The problem states
     * the minimum, never the count.
     */
    public static OutcomeInsight answer(
            OutcomeMetric metric, LocalDate from, LocalDate to, Selection selection, OutcomeProtection protection) {
        List<MemberOutcome> members = selection.members();
        if (members.size() < GroupProtection.MINIMUM_GROUP_SIZE) {
            throw new ProblemException(Problem.of(
                            ProblemType.GROUP_TOO_SMALL,
                            "Outcome figures over fewer than " + GroupProtection.MINIMUM_GROUP_SIZE
                                    + " scored members are withheld")
                    .with("minimumSize", GroupProtection.MINIMUM_GROUP_SIZE));
        }
        double[] totals =
                members.stream().mapToDouble(m -> protection.clip(m.total())).toArray();
        double[] scores = column(members, MemberOutcome::score);
        // shown only over ten or more, so its noisy count is never shown under ten either
        long n = Math.max(GroupProtection.MINIMUM_GROUP_SIZE, protection.count("n", members.size()));
        Optional<Slope> slope =
                protection.slope("slope", scores, SCORE_MAXIMUM, totals).map(s -> s.per(POINTS));
        double[] leaders = totals(members, protection, m -> ScoreBands.isLeader(m.score()));
        double[] laggards = totals(members, protection, m -> ScoreBands.isLaggard(m.score()));
        Group leaderGroup = group("leaders", leaders, protection);
        Group laggardGroup = group("laggards", laggards, protection);
        Optional<Ratio> ratio = ratio(leaderGroup, leaders, laggardGroup, laggards, protection);
        return new OutcomeInsight(
                metric.json(),
                from,
                to,
                n,
                slope.map(s -> round(s.slope(), 2)).orElse(null),
                slope.map(OutcomeInsightService::interval).orElse(null),
                rounded(protection.correlation("correlation", scores, SCORE_MAXIMUM, totals)),
                leaderGroup,
                laggardGroup,
                ratio.map(r -> round(r.ratio(), 2)).orElse(null),
                ratio.filter(r -> r.low() != null)
                        .map(r -> List.of(round(r.low(), 2), round(r.high(), 2)))
                        .orElse(null),
                pillars(members, totals, protection),
                statement(metric, from, to, n, slope),
                CONFOUNDERS,
                protection.count("membersWithoutScores", selection.withoutScores()),
                plain(round(protection.bound(), 2)),
                METHOD);
    }

    private static Map<String, PillarSlope> pillars(
            List<MemberOutcome> members, double[] totals, OutcomeProtection protection) {
        Map<String, PillarSlope> pillars = new LinkedHashMap<>();
        pillars.put("brand", pillar("brand", column(members, MemberOutcome::brand), totals, protection));
        pillars.put("find", pillar("find", column(members, MemberOutcome::find), totals, protection));
        pillars.put("engage", pillar("engage", column(members, MemberOutcome::engage), totals, protection));
        pillars.put(
                "relationships",
                pillar("relationships", column(members, MemberOutcome::relationships), totals, protection));
        return pillars;
    }

    private static PillarSlope pillar(String name, double[] points, double[] totals, OutcomeProtection protection) {
        double maximum = PillarScores.PILLAR_MAXIMUM.doubleValue();
        Optional<Slope> slope =
                protection.slope(name + ".slope", points, maximum, totals).map(s -> s.per(POINTS));
        return new PillarSlope(
                slope.map(s -> round(s.slope(), 2)).orElse(null),
                slope.map(OutcomeInsightService::interval).orElse(null),
                rounded(protection.correlation(name + ".correlation", points, maximum, totals)));
    }

    /** The bounded totals of the members that pass the filter. */
    private static double[] totals(
            List<MemberOutcome> members, OutcomeProtection protection, Predicate<MemberOutcome> filter) {
        return members.stream()
                .filter(filter)
                .mapToDouble(m -> protection.clip(m.total()))
                .toArray();
    }

    /** Shown when the group has ten members or more, and so does its noisy count; else withheld, count and all. */
    private static Group group(String name, double[] totals, OutcomeProtection protection) {
        long count = protection.count(name + ".n", totals.length);
        if (totals.length < GroupProtection.MINIMUM_GROUP_SIZE || count < GroupProtection.MINIMUM_GROUP_SIZE) {
            return new Group(null, null, WITHHELD);
        }
        return new Group(count, round(protection.mean(name + ".mean", totals), 2), null);
    }

    /**
     * The ratio of the two protected means, with a delta-method interval whose variances add the noise's; the
     * interval's width carries noise of its own. Empty when either group is withheld or the laggards' mean is 0.
     */
    private static Optional<Ratio> ratio(
            Group leaders,
            double[] leaderTotals,
            Group laggards,
            double[] laggardTotals,
            OutcomeProtection protection) {
        if (leaders.mean() == null || laggards.mean() == null) {
            return Optional.empty();
        }
        return OutcomeStatistics.ratio(
                        leaders.mean().doubleValue(),
                        meanVariance(leaderTotals, protection),
                        laggards.mean().doubleValue(),
                        meanVariance(laggardTotals, protection))
                .map(r -> widen(r, protection.groupsErrorFactor("leadersToLaggards.error")));
    }

    private static double meanVariance(double[] totals, OutcomeProtection protection) {
        return StatUtils.variance(totals) / totals.length + protection.meanNoiseVariance(totals.length);
    }

    /** The same ratio with the log of its interval's half-widths multiplied by {@code factor}. */
    private static Ratio widen(Ratio ratio, double factor) {
        if (ratio.low() == null) {
            return ratio;
        }
        double r = ratio.ratio();
        return new Ratio(
                r, r * Math.exp(Math.log(ratio.low() / r) * factor), r * Math.exp(Math.log(ratio.high() / r) * factor));
    }

    static String statement(OutcomeMetric metric, LocalDate from, LocalDate to, long n, Optional<Slope> slope) {
        String label = metric.label();
        StringBuilder text = new StringBuilder("This is an association, not a cause. ");
        if (slope.isPresent()) {
            Slope s = slope.get();
            text.append(String.format(
                    Locale.ROOT,
                    "Across the %d members with %s from %s to %s, every 10 points of average SSI came with %s %s %s"
                            + " (95%% interval %s to %s).",
                    n,
                    label,
                    from,
                    to,
                    round(Math.abs(s.slope()), 2).toPlainString(),
                    s.slope() < 0 ? "fewer" : "more",
                    label,
                    round(s.low(), 2).toPlainString(),
                    round(s.high(), 2).toPlainString()));
            if (s.covers(0)) {
                text.append(" The interval includes zero: these data show no clear relation either way.");
            }
        } else {
            text.append(String.format(
                    Locale.ROOT,
                    "Across the %d members with %s from %s to %s, average SSI does not vary, so no relation can be"
                            + " estimated.",
                    n,
                    label,
                    from,
                    to));
        }
        text.append(" It does not show that raising SSI would raise ")
                .append(label)
                .append(": tenure, territory and seniority can drive both the score and the outcome, and should be"
                        + " considered before acting on it.");
        return text.toString();
    }

    private static List<BigDecimal> interval(Slope slope) {
        return List.of(round(slope.low(), 2), round(slope.high(), 2));
    }

    private static BigDecimal rounded(OptionalDouble value) {
        return value.isPresent() ? round(value.getAsDouble(), 3) : null;
    }

    /** Without trailing zeros, and never in exponent notation (2000000, not 2E+6). */
    private static BigDecimal plain(BigDecimal value) {
        BigDecimal stripped = value.stripTrailingZeros();
        return stripped.scale() < 0 ? stripped.setScale(0) : stripped;
    }

    private static BigDecimal round(double value, int scale) {
        return BigDecimal.valueOf(value).setScale(scale, RoundingMode.HALF_UP);
    }

    private static double[] column(List<MemberOutcome> members, ToDoubleFunction<MemberOutcome> value) {
        return members.stream().mapToDouble(value).toArray();
    }
}
