package org.ssi.scoring.outcome.service;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.OptionalDouble;
import org.apache.commons.math3.stat.StatUtils;
import org.ssi.privacy.GroupProtection;
import org.ssi.privacy.ProtectiveNoise;
import org.ssi.scoring.outcome.repository.OutcomeRepository.MemberOutcome;
import org.ssi.scoring.outcome.repository.OutcomeRepository.Selection;
import org.ssi.scoring.outcome.service.OutcomeStatistics.Slope;

/**
 * The protection of one insight answer against differencing (docs/privacy.md): each member's outcome total counts up
 * to a bound, and every figure carries deterministic Laplace noise from {@link ProtectiveNoise}, scaled to what one
 * member can move it, at the ε of {@link GroupProtection}'s sums (12.5 per statistic).
 *
 * <p>The noise of a figure is keyed by the metric, the figure's name and a fingerprint of the data it is computed
 * from, never by the range asked: two ranges that select the same outcomes answer the same figures, so sliding the
 * range over days without outcomes draws no fresh noise to average. Any change of the data draws new noise, so two
 * answers never share a draw that their difference would cancel. Two fingerprints:
 *
 * <ul>
 *   <li>the groups': each included member with their bounded total and band (leader, laggard, neither), and the
 *       number left out for want of scores; it keys the counts and the leaders' and laggards' means, whose exact
 *       values it determines, so a score moving within its band (as today's does all day) draws nothing new;
 *   <li>the figures': the groups' plus every member's average score and pillars; it keys the slopes, intervals and
 *       correlations.
 * </ul>
 */
public final class OutcomeProtection {

    /**
     * Laplace scale per unit that one member can move a statistic: GroupProtection's 8 points for a sum of scores of
     * 0–100, i.e. ε = 12.5 per statistic.
     */
    public static final double SCALE_PER_SENSITIVITY = GroupProtection.SCORE_SUM_SCALE / 100;

    /**
     * Laplace scale of the noise on the log of a standard error: the width of an interval moves by up to ±15% (95% of
     * the time). One member moves a width by their squared residual, which a bound would turn into noise as wide as
     * the data; this hides a typical member's share of it (about 1/(2n)) and keeps the interval readable.
     */
    public static final double ERROR_SCALE = 0.05;

    /** |Laplace(b)| exceeds b ln 20 with probability 5%. */
    private static final double LAPLACE_95 = Math.log(20);

    private static final String INSIGHT = "outcome-insight";

    private final ProtectiveNoise noise;
    private final String metric;
    private final double bound;
    private final String groupsKey;
    private final String figuresKey;

    private OutcomeProtection(ProtectiveNoise noise, String metric, double bound, String groupsKey, String figuresKey) {
        this.noise = noise;
        this.metric = metric;
        this.bound = bound;
        this.groupsKey = groupsKey;
        this.figuresKey = figuresKey;
    }

    /** The protection of the answer over a selection, whose totals count up to {@code bound}. */
    public static OutcomeProtection of(ProtectiveNoise noise, OutcomeMetric metric, double bound, Selection selection) {
        if (!(bound > 0)) {
            throw new IllegalArgumentException("An outcome bound is positive: " + bound);
        }
        List<MemberOutcome> members = selection.members().stream()
                .sorted(Comparator.comparing(MemberOutcome::memberId))
                .toList();
        MessageDigest groups = sha256();
        update(groups, "groups");
        update(groups, Integer.toString(selection.withoutScores()));
        for (MemberOutcome member : members) {
            update(groups, member.memberId());
            update(groups, Double.toString(Math.min(member.total(), bound)));
            update(groups, OutcomeInsightService.band(member.score()));
        }
        String groupsKey = HexFormat.of().formatHex(groups.digest());
        MessageDigest figures = sha256();
        update(figures, "figures");
        update(figures, groupsKey);
        for (MemberOutcome member : members) {
            update(figures, member.memberId());
            for (double value :
                    new double[] {member.score(), member.brand(), member.find(), member.engage(), member.relationships()
                    }) {
                update(figures, Double.toString(value));
            }
        }
        return new OutcomeProtection(
                noise, metric.json(), bound, groupsKey, HexFormat.of().formatHex(figures.digest()));
    }

    /** The most one member's total counts for. */
    public double bound() {
        return bound;
    }

    /** A total as it counts: at most the bound (totals are never negative). */
    double clip(double total) {
        return Math.min(total, bound);
    }

    /** A protected count of members: the count plus Laplace(COUNT_SCALE), whole and never negative. */
    long count(String statistic, long count) {
        return GroupProtection.count(noise, count, INSIGHT, metric, groupsKey, statistic);
    }

    /** Laplace scale of the noise on a sum of bounded totals: one member moves it by at most the bound. */
    double sumScale() {
        return SCALE_PER_SENSITIVITY * bound;
    }

    /** A protected mean of bounded totals: (sum + Laplace(sumScale)) / n, within [0, bound], to two decimals. */
    double mean(String statistic, double[] totals) {
        return GroupProtection.mean(
                noise, StatUtils.sum(totals), totals.length, sumScale(), bound, INSIGHT, metric, groupsKey, statistic);
    }

    /** The variance the noise adds to a protected mean of {@code n} totals (a Laplace(b) has variance 2b²). */
    double meanNoiseVariance(int n) {
        return 2 * sumScale() * sumScale() / ((double) n * n);
    }

    /**
     * The protected least-squares slope of the bounded totals {@code y} on {@code x} (each within [0, xMax]), per unit
     * of x, with its 95% interval; empty where no slope can be estimated. The slope is S_xy / S_xx with S_xy =
     * Σ(x - x̄)(y - ȳ); one member moves S_xy by at most xMax × bound, so S_xy carries Laplace(0.08 × xMax × bound).
     * The interval stays honest about the noise: its half-width combines the HC3 one (t × standard error) with the
     * noise's own 95% half-width (ln 20 × its scale: P(|Laplace(b)| &gt; b ln 20) = 5%) in quadrature, and carries
     * multiplicative noise of its own.
     */
    Optional<Slope> slope(String statistic, double[] x, double xMax, double[] y) {
        Optional<Slope> exact = OutcomeStatistics.slope(x, y);
        if (exact.isEmpty()) {
            return exact;
        }
        double squares = squaredDeviations(x);
        double scale = SCALE_PER_SENSITIVITY * xMax * bound / squares;
        double slope = exact.get().slope() + laplace(figuresKey, scale, statistic);
        double t = OutcomeStatistics.criticalT(x.length);
        double sampling = t * exact.get().standardError();
        double protection = LAPLACE_95 * scale;
        double halfWidth = Math.sqrt(sampling * sampling + protection * protection) * errorFactor(statistic + ".error");
        return Optional.of(new Slope(slope, slope - halfWidth, slope + halfWidth, halfWidth / t));
    }

    /**
     * The protected correlation of the bounded totals {@code y} with {@code x} (within [0, xMax]): (S_xy +
     * Laplace(0.08 × xMax × bound)) / sqrt(S_xx S_yy), a draw of its own, within [-1, 1]; empty where either side
     * does not vary.
     */
    OptionalDouble correlation(String statistic, double[] x, double xMax, double[] y) {
        if (OutcomeStatistics.correlation(x, y).isEmpty()) {
            return OptionalDouble.empty();
        }
        double xMean = StatUtils.mean(x);
        double yMean = StatUtils.mean(y);
        double products = 0;
        for (int i = 0; i < x.length; i++) {
            products += (x[i] - xMean) * (y[i] - yMean);
        }
        double noisy = products + laplace(figuresKey, SCALE_PER_SENSITIVITY * xMax * bound, statistic);
        double r = noisy / Math.sqrt(squaredDeviations(x) * squaredDeviations(y));
        return OptionalDouble.of(Math.max(-1, Math.min(1, r)));
    }

    /** The factor e^Laplace(ERROR_SCALE) that a protected standard error carries, drawn for the groups' data. */
    double groupsErrorFactor(String statistic) {
        return Math.exp(laplace(groupsKey, ERROR_SCALE, statistic));
    }

    private double errorFactor(String statistic) {
        return Math.exp(laplace(figuresKey, ERROR_SCALE, statistic));
    }

    private double laplace(String dataKey, double scale, String statistic) {
        return noise.laplace(scale, INSIGHT, metric, dataKey, statistic);
    }

    private static double squaredDeviations(double[] values) {
        double mean = StatUtils.mean(values);
        double sum = 0;
        for (double value : values) {
            sum += (value - mean) * (value - mean);
        }
        return sum;
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every Java runtime", e);
        }
    }

    /** Length-prefixed, so that moving a boundary between parts is another fingerprint. */
    private static void update(MessageDigest digest, String part) {
        byte[] bytes = part.getBytes(StandardCharsets.UTF_8);
        digest.update(ByteBuffer.allocate(4).putInt(bytes.length).array());
        digest.update(bytes);
    }
}
