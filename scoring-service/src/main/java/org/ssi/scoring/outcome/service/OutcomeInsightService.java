package org.ssi.scoring.outcome.service;

import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import jakarta.enterprise.context.ApplicationScoped;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.function.ToDoubleFunction;
import org.apache.commons.math3.stat.StatUtils;
import org.ssi.problem.Problem;
import org.ssi.problem.ProblemException;
import org.ssi.problem.ProblemType;
import org.ssi.scoring.outcome.repository.OutcomeRepository;
import org.ssi.scoring.outcome.repository.OutcomeRepository.MemberOutcome;
import org.ssi.scoring.outcome.repository.OutcomeRepository.Selection;
import org.ssi.scoring.outcome.service.OutcomeInsight.Group;
import org.ssi.scoring.outcome.service.OutcomeInsight.PillarSlope;
import org.ssi.scoring.outcome.service.OutcomeStatistics.Ratio;
import org.ssi.scoring.outcome.service.OutcomeStatistics.Slope;

/**
 * Relates each member's average SSI over their outcome periods to their outcome total over those periods. Figures
 * over fewer than ten members are withheld, as are the means of leader or laggard groups under ten.
 */
@ApplicationScoped
public class OutcomeInsightService {

    public static final int MINIMUM_GROUP_SIZE = 10;
    /** Slopes are given per this many points of SSI (or of a pillar), as the sources quote them. */
    public static final double POINTS = 10;

    public static final double LEADER_SCORE = 70;
    public static final double LAGGARD_SCORE = 30;
    public static final List<String> CONFOUNDERS = List.of("tenure", "territory", "seniority");
    static final String METHOD = "Ordinary least squares of each member's outcome total on their average SSI over the"
            + " outcome periods; 95% interval from HC3 heteroskedasticity-robust standard errors with Student's t"
            + " (n - 2 degrees of freedom); Pearson correlation; pillars one at a time, per 10 points of the pillar;"
            + " leaders (70+) to laggards (30 and below): ratio of mean outcomes with a delta-method interval on the"
            + " log ratio.";

    private final OutcomeRepository outcomes;

    public OutcomeInsightService(OutcomeRepository outcomes) {
        this.outcomes = outcomes;
    }

    public Uni<OutcomeInsight> insight(OutcomeMetric metric, LocalDate from, LocalDate to) {
        return outcomes.select(metric, from, to)
                .emitOn(Infrastructure.getDefaultWorkerPool())
                .map(selection -> answer(metric, from, to, selection));
    }

    /** The answer for the selected members; a 403 problem when they are fewer than ten. */
    static OutcomeInsight answer(OutcomeMetric metric, LocalDate from, LocalDate to, Selection selection) {
        List<MemberOutcome> members = selection.members();
        if (members.size() < MINIMUM_GROUP_SIZE) {
            throw new ProblemException(Problem.of(
                            ProblemType.GROUP_TOO_SMALL,
                            "Outcome figures over fewer than " + MINIMUM_GROUP_SIZE
                                    + " scored members are withheld; this range has " + members.size())
                    .with("minimumSize", MINIMUM_GROUP_SIZE));
        }
        double[] totals = column(members, MemberOutcome::total);
        double[] scores = column(members, MemberOutcome::score);
        Optional<Slope> slope = OutcomeStatistics.slope(scores, totals).map(s -> s.per(POINTS));
        double[] leaders = members.stream()
                .filter(m -> m.score() >= LEADER_SCORE)
                .mapToDouble(MemberOutcome::total)
                .toArray();
        double[] laggards = members.stream()
                .filter(m -> m.score() <= LAGGARD_SCORE)
                .mapToDouble(MemberOutcome::total)
                .toArray();
        boolean compared = leaders.length >= MINIMUM_GROUP_SIZE && laggards.length >= MINIMUM_GROUP_SIZE;
        Optional<Ratio> ratio = compared ? OutcomeStatistics.ratioOfMeans(leaders, laggards) : Optional.empty();
        return new OutcomeInsight(
                metric.json(),
                from,
                to,
                members.size(),
                slope.map(s -> round(s.slope(), 2)).orElse(null),
                slope.map(OutcomeInsightService::interval).orElse(null),
                rounded(OutcomeStatistics.correlation(scores, totals)),
                group(leaders),
                group(laggards),
                ratio.map(r -> round(r.ratio(), 2)).orElse(null),
                ratio.filter(r -> r.low() != null)
                        .map(r -> List.of(round(r.low(), 2), round(r.high(), 2)))
                        .orElse(null),
                pillars(members, totals),
                statement(metric, from, to, members.size(), slope),
                CONFOUNDERS,
                selection.withoutScores(),
                METHOD);
    }

    private static Map<String, PillarSlope> pillars(List<MemberOutcome> members, double[] totals) {
        Map<String, PillarSlope> pillars = new LinkedHashMap<>();
        pillars.put("brand", pillar(column(members, MemberOutcome::brand), totals));
        pillars.put("find", pillar(column(members, MemberOutcome::find), totals));
        pillars.put("engage", pillar(column(members, MemberOutcome::engage), totals));
        pillars.put("relationships", pillar(column(members, MemberOutcome::relationships), totals));
        return pillars;
    }

    private static PillarSlope pillar(double[] points, double[] totals) {
        Optional<Slope> slope = OutcomeStatistics.slope(points, totals).map(s -> s.per(POINTS));
        return new PillarSlope(
                slope.map(s -> round(s.slope(), 2)).orElse(null),
                slope.map(OutcomeInsightService::interval).orElse(null),
                rounded(OutcomeStatistics.correlation(points, totals)));
    }

    private static Group group(double[] totals) {
        if (totals.length < MINIMUM_GROUP_SIZE) {
            return new Group(totals.length, null, "group-too-small");
        }
        return new Group(totals.length, round(StatUtils.mean(totals), 2), null);
    }

    static String statement(OutcomeMetric metric, LocalDate from, LocalDate to, int n, Optional<Slope> slope) {
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

    private static BigDecimal round(double value, int scale) {
        return BigDecimal.valueOf(value).setScale(scale, RoundingMode.HALF_UP);
    }

    private static double[] column(List<MemberOutcome> members, ToDoubleFunction<MemberOutcome> value) {
        return members.stream().mapToDouble(value).toArray();
    }
}
