package org.ssi.scoring.outcome.service;

import java.util.Optional;
import java.util.OptionalDouble;
import org.apache.commons.math3.distribution.NormalDistribution;
import org.apache.commons.math3.distribution.TDistribution;
import org.apache.commons.math3.linear.Array2DRowRealMatrix;
import org.apache.commons.math3.linear.ArrayRealVector;
import org.apache.commons.math3.linear.MatrixUtils;
import org.apache.commons.math3.linear.RealMatrix;
import org.apache.commons.math3.linear.RealVector;
import org.apache.commons.math3.stat.StatUtils;
import org.apache.commons.math3.stat.correlation.PearsonsCorrelation;
import org.apache.commons.math3.stat.regression.OLSMultipleLinearRegression;

/**
 * The statistics of the outcome insights, on plain arrays (one entry per member).
 *
 * <ul>
 *   <li>Slope: ordinary least squares of the outcome on the score, with an intercept. Its 95% interval uses the
 *       HC3 heteroskedasticity-robust standard error (MacKinnon and White, 1985; recommended for small samples by
 *       Long and Ervin, 2000) and Student's t with n - 2 degrees of freedom: outcomes such as revenue spread more
 *       among high scorers, which the classical standard error would ignore.
 *   <li>Correlation: Pearson's.
 *   <li>Ratio of two groups' means: the delta method on the log of the ratio of two independent means, with the
 *       normal quantile, so the interval is positive and deterministic (no resampling).
 * </ul>
 */
public final class OutcomeStatistics {

    public static final double CONFIDENCE = 0.95;
    private static final double TWO_SIDED = (1 + CONFIDENCE) / 2;
    /** Leverages this close to 1 belong to points the fit passes through: their residual is 0 and adds nothing. */
    private static final double FULL_LEVERAGE = 1e-10;

    private OutcomeStatistics() {}

    /** A slope with its 95% interval, per unit of the predictor. */
    public record Slope(double slope, double low, double high, double standardError) {

        /** The same slope per {@code points} units of the predictor. */
        public Slope per(double points) {
            return new Slope(slope * points, low * points, high * points, standardError * points);
        }

        public boolean covers(double value) {
            return low <= value && value <= high;
        }
    }

    /** A ratio of means; its interval is absent when a mean is 0. */
    public record Ratio(double ratio, Double low, Double high) {}

    /**
     * The least-squares slope of {@code y} on {@code x} with its HC3 interval; empty with fewer than three points or
     * when {@code x} does not vary.
     */
    public static Optional<Slope> slope(double[] x, double[] y) {
        int n = x.length;
        if (n != y.length) {
            throw new IllegalArgumentException("x and y differ in length");
        }
        if (n < 3 || !varies(x)) {
            return Optional.empty();
        }
        double[][] design = new double[n][1];
        for (int i = 0; i < n; i++) {
            design[i][0] = x[i];
        }
        OLSMultipleLinearRegression ols = new OLSMultipleLinearRegression();
        ols.newSampleData(y, design);
        double[] beta = ols.estimateRegressionParameters();
        double[] residuals = ols.estimateResiduals();
        // without the error variance: (X'X)^-1, the bread of the sandwich
        RealMatrix bread = MatrixUtils.createRealMatrix(ols.estimateRegressionParametersVariance());
        RealMatrix covariance = bread.multiply(hc3Meat(x, residuals, bread)).multiply(bread);
        double standardError = Math.sqrt(covariance.getEntry(1, 1));
        double t = criticalT(n);
        return Optional.of(new Slope(beta[1], beta[1] - t * standardError, beta[1] + t * standardError, standardError));
    }

    /** The quantile of Student's t with n - 2 degrees of freedom that bounds a two-sided 95% interval of a slope. */
    public static double criticalT(int n) {
        return new TDistribution(n - 2.0).inverseCumulativeProbability(TWO_SIDED);
    }

    /** Sum over members of x_i x_i' e_i^2 / (1 - h_ii)^2, with h_ii the leverage x_i' (X'X)^-1 x_i. */
    private static RealMatrix hc3Meat(double[] x, double[] residuals, RealMatrix bread) {
        RealMatrix meat = new Array2DRowRealMatrix(2, 2);
        for (int i = 0; i < x.length; i++) {
            RealVector row = new ArrayRealVector(new double[] {1, x[i]});
            double leverage = row.dotProduct(bread.operate(row));
            double free = 1 - leverage;
            if (free < FULL_LEVERAGE) {
                continue;
            }
            double weight = residuals[i] * residuals[i] / (free * free);
            meat = meat.add(row.outerProduct(row).scalarMultiply(weight));
        }
        return meat;
    }

    /** Pearson's correlation; empty when either side does not vary. */
    public static OptionalDouble correlation(double[] x, double[] y) {
        if (x.length < 3 || !varies(x) || !varies(y)) {
            return OptionalDouble.empty();
        }
        double r = new PearsonsCorrelation().correlation(x, y);
        return Double.isNaN(r) ? OptionalDouble.empty() : OptionalDouble.of(r);
    }

    /**
     * The ratio of the mean of {@code numerator} to the mean of {@code denominator}, two independent samples, with a
     * 95% interval from the delta method on the log scale: se(log r) = sqrt(s1^2 / (n1 m1^2) + s2^2 / (n2 m2^2)).
     * Empty with fewer than two values on a side or a denominator mean of 0.
     */
    public static Optional<Ratio> ratioOfMeans(double[] numerator, double[] denominator) {
        if (numerator.length < 2 || denominator.length < 2) {
            return Optional.empty();
        }
        return ratio(
                StatUtils.mean(numerator),
                StatUtils.variance(numerator) / numerator.length,
                StatUtils.mean(denominator),
                StatUtils.variance(denominator) / denominator.length);
    }

    /**
     * The ratio of two independent estimates {@code top / bottom} given the variance of each, with its 95% interval
     * from the delta method on the log scale: se(log r) = sqrt(var(top) / top^2 + var(bottom) / bottom^2). Empty when
     * {@code bottom} is not positive; without an interval when {@code top} is not.
     */
    public static Optional<Ratio> ratio(double top, double topVariance, double bottom, double bottomVariance) {
        if (bottom <= 0) {
            return Optional.empty();
        }
        double ratio = top / bottom;
        if (top <= 0) {
            return Optional.of(new Ratio(ratio, null, null));
        }
        double logError = Math.sqrt(topVariance / (top * top) + bottomVariance / (bottom * bottom));
        double z = new NormalDistribution().inverseCumulativeProbability(TWO_SIDED);
        return Optional.of(new Ratio(ratio, ratio * Math.exp(-z * logError), ratio * Math.exp(z * logError)));
    }

    private static boolean varies(double[] values) {
        double min = StatUtils.min(values);
        double max = StatUtils.max(values);
        return max - min > 1e-9 * Math.max(1, Math.abs(max));
    }
}
