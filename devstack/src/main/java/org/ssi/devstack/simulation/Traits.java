package org.ssi.devstack.simulation;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * What one simulated rep is like, drawn as scoring-service's calibration population draws it: a persona, a personal
 * intensity (log-normal, median 1) that scales all their activity, a Sales Navigator seat or not, their habits over
 * 90 days, their network built over earlier years, and the quality of their outreach. Drawn from the rep's own
 * random stream, so a rep does not change when the organisation grows.
 *
 * @param habits per event type, what the rep does over 90 days (0 for what they never do)
 * @param external connections outside the directory (not counting coworkers)
 * @param senior of those, VP and above
 * @param cxo of the senior ones, CXOs
 * @param removed connections removed again over the years
 * @param coworkers connections to coworkers, inside the directory and outside it
 */
public record Traits(
        Persona persona,
        double intensity,
        boolean salesNavigator,
        Map<String, Double> habits,
        double inboundAccepts,
        long external,
        long senior,
        long cxo,
        long removed,
        double coworkers,
        double requestAcceptance,
        double inmailResponse,
        boolean[] profile) {

    static final double INTENSITY_SPREAD = 0.5;
    static final double ACTIVITY_SPREAD = 0.3;
    static final double NETWORK_SPREAD = 0.6;
    static final double CXO_OF_SENIOR = 0.25;
    static final double CONNECTION_CHURN = 0.01;

    /** Profile parts in the order of design/api.md: photo, coverPhoto, headline, summary, experience, education, skills. */
    static final String[] PROFILE_FIELDS = {
        "photo", "coverPhoto", "headline", "summary", "experience", "education", "skills"
    };

    static Traits draw(long seed, int index) {
        SplittableRandom random = new SplittableRandom(mix(seed, index, 1));
        Persona persona = Persona.drawn(random.nextDouble());
        double intensity = spread(random, INTENSITY_SPREAD);
        boolean seat = random.nextDouble() < persona.salesNavigator();
        Map<String, Double> habits = new LinkedHashMap<>();
        for (Persona.Level level : persona.actions()) {
            habits.put(level.type(), habit(random, level, intensity));
        }
        for (Persona.Level level : persona.navigatorActions()) {
            double habit = habit(random, level, intensity);
            habits.put(level.type(), seat ? habit : 0);
        }
        double inbound = habit(random, persona.inboundAccepts(), 1);
        Persona.Network network = persona.network();
        long external = Math.round(network.connections() * Math.sqrt(intensity) * spread(random, NETWORK_SPREAD));
        double coworkers = network.coworkers() * Math.sqrt(intensity) * spread(random, NETWORK_SPREAD);
        long senior = Sampling.binomial(random, external, Math.min(1, network.seniorShare() * spread(random, 0.4)));
        long cxo = Sampling.binomial(random, senior, CXO_OF_SENIOR);
        long removed = Sampling.binomial(random, external, CONNECTION_CHURN);
        double acceptance = rate(random, network.requestAcceptance(), 0.12);
        double response = rate(random, network.inmailResponse(), 0.04);
        double filled = persona.profileFilled();
        boolean[] profile = {
            random.nextDouble() < filled,
            random.nextDouble() < filled * 0.6,
            random.nextDouble() < 0.95,
            random.nextDouble() < filled * 0.8,
            random.nextDouble() < 0.95,
            random.nextDouble() < filled,
            random.nextDouble() < filled
        };
        return new Traits(
                persona,
                intensity,
                seat,
                habits,
                inbound,
                external,
                senior,
                cxo,
                removed,
                coworkers,
                acceptance,
                response,
                profile);
    }

    /** Mean days with activity per 90 days. */
    public double activeDays() {
        return Math.min(90, persona.activeDays() * intensity);
    }

    /** Nothing for a rep who never does it; otherwise the level times the rep's intensity, with some noise. */
    private static double habit(SplittableRandom random, Persona.Level level, double intensity) {
        double adopted = random.nextDouble();
        double noise = spread(random, ACTIVITY_SPREAD);
        return adopted < level.adoption() ? level.mean() * intensity * noise : 0;
    }

    private static double rate(SplittableRandom random, double mean, double deviation) {
        return Math.max(0, Math.min(1, mean + deviation * random.nextGaussian()));
    }

    /** Log-normal with median 1. */
    static double spread(SplittableRandom random, double sigma) {
        return Math.exp(sigma * random.nextGaussian());
    }

    /** A well-mixed seed for stream {@code stream} of member {@code index}. */
    static long mix(long seed, int index, int stream) {
        long z = seed * 0x9E3779B97F4A7C15L + index * 0xBF58476D1CE4E5B9L + stream * 0x94D049BB133111EBL;
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }
}
