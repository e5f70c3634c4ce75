package org.ssi.scoring;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.ssi.scoring.model.MemberInputs;

/**
 * A seeded population of sales reps for calibrating the model (design/ssi-model.md, "Calibration"). Each rep is one
 * of four personas drawn with a stated share, and does over the 90-day window what a rep of that persona plausibly
 * does, times a personal intensity: some reps of a persona are busier than others. The same seed always gives the
 * same population. The full simulator has its own issue; this one is only as detailed as the model's inputs.
 *
 * <p>The 90-day window is 13 weeks, about 63 working days; "a week" below means a working week.
 */
final class SimulatedPopulation {

    static final LocalDate DAY = LocalDate.of(2026, 11, 20);
    static final int WINDOW_DAYS = 90;

    /**
     * A personal intensity multiplies every activity level of a rep: log-normal with median 1, so half of a persona's
     * reps do less than its levels and a few do two or three times as much.
     */
    private static final double INTENSITY_SPREAD = 0.5;
    /** Week-to-week noise on each activity, on top of the intensity. */
    private static final double ACTIVITY_SPREAD = 0.3;
    /** Networks vary more than habits: a 500-connection persona has reps with 200 and with 1,200. */
    private static final double NETWORK_SPREAD = 0.6;
    /** About a third of the profiles a rep views are outside their network (third degree). */
    private static final double THIRD_DEGREE_SHARE = 0.35;
    /** A post is seen by about 8% of the author's connections; an article by twice as many. */
    private static final double POST_REACH = 0.08;
    /** About 4% of the people who see a post like, comment on or reshare it; 5% of an article's readers do. */
    private static final double POST_ENGAGEMENT = 0.04;

    private static final double ARTICLE_ENGAGEMENT = 0.05;
    /** One reader in two hundred of an article follows its author. */
    private static final double ARTICLE_FOLLOW = 0.005;
    /** Of every ten people a rep views, about one views the rep back. */
    private static final double VIEW_BACK = 0.1;
    /** About one follower in ten gained in the window is lost again. */
    private static final double FOLLOWER_CHURN = 0.1;
    /** Of the rep's VP-and-above connections, a quarter are CXOs. */
    private static final double CXO_OF_SENIOR = 0.25;
    /** About one connection in a hundred is removed again over the years. */
    private static final double CONNECTION_CHURN = 0.01;

    /** How many of a persona's reps do something at all in the window, and how often those who do, do it. */
    record Level(String metric, double adoption, double mean) {}

    /**
     * The rep's network and the quality of their outreach.
     *
     * @param connections median first-degree connections outside the directory, built over years
     * @param seniorShare share of those connections at VP level or above
     * @param coworkers median connections to coworkers, who are members of the directory
     * @param requestAcceptance share of the rep's connection requests that are accepted
     * @param inmailResponse share of the rep's InMails that get a reply (the sources: over 10% on average)
     */
    record Network(
            double connections,
            double seniorShare,
            double coworkers,
            double requestAcceptance,
            double inmailResponse) {}

    /**
     * One kind of rep.
     *
     * @param activeDays mean days with any activity, of 90
     * @param salesNavigator share with a Sales Navigator seat, needed for lead searches, saved leads and accounts and
     *     InMail
     * @param actions what everyone can do, over 90 days
     * @param navigatorActions what a seat allows, over 90 days
     * @param inboundAccepts connection requests received and accepted, over 90 days
     * @param profileFilled the chance that each part of the profile beyond the headline is filled in
     */
    record Persona(
            String name,
            double share,
            double activeDays,
            double salesNavigator,
            List<Level> actions,
            List<Level> navigatorActions,
            Level inboundAccepts,
            Network network,
            double profileFilled) {}

    /**
     * Has an account and opens it a few times a quarter, mostly to accept an invitation or glance at a profile before
     * a call; never posts. Their score is their profile and the network they built in earlier years.
     */
    static final Persona DORMANT = new Persona(
            "dormant",
            0.25, // one rep in four
            4, // active on about four days of 90
            0.05, // a Sales Navigator seat is rare, and then unused
            List.of(
                    new Level("PEOPLE_SEARCH", 0.5, 3), // half search at all, three times a quarter
                    new Level("PROFILE_VIEW_MADE", 0.6, 6), // a profile before a meeting, now and then
                    new Level("ENGAGEMENT_GIVEN", 0.3, 3), // a rare like
                    new Level("MESSAGE_SENT", 0.4, 3), // answers a message or two
                    new Level("POST_SHARED", 0.05, 1), // one in twenty shares one post
                    new Level("ENDORSEMENT_RECEIVED", 0.2, 1), // the odd endorsement from a former colleague
                    new Level("PROFILE_VIEW_RECEIVED", 1, 8), // people look them up before meetings anyway
                    new Level("GROUP_JOINED", 0.03, 1),
                    new Level("ACCOUNT_RESEARCHED", 0.1, 2),
                    new Level("CONNECTION_REQUEST_SENT", 0.2, 2)),
            List.of(
                    new Level("LEAD_SEARCH", 0.5, 2),
                    new Level("LEAD_SAVED", 0.5, 2),
                    new Level("ACCOUNT_SAVED", 0.3, 1),
                    new Level("INMAIL_SENT", 0.3, 2)),
            new Level("CONNECTION_ADDED", 0.7, 3), // accepts the three invitations they find when they log in
            new Network(220, 0.05, 15, 0.30, 0.08), // a couple of hundred connections, few of them senior
            0.5); // half of the optional profile parts filled in

    /**
     * Two sessions a week or a little less: a handful of searches, looks at the prospects they are about to call,
     * likes a post now and then, rarely publishes anything; a few hundred connections.
     */
    static final Persona CASUAL = new Persona(
            "casual",
            0.45, // the largest group: LinkedIn is one tool among many
            22, // about two days a week
            0.25, // one in four has a Sales Navigator seat
            List.of(
                    new Level("PEOPLE_SEARCH", 0.95, 40), // about three searches a week
                    new Level("PROFILE_VIEW_MADE", 0.95, 80), // six profiles a week, before calls
                    new Level("ENGAGEMENT_GIVEN", 0.7, 20), // one or two likes or comments a week
                    new Level("MESSAGE_SENT", 0.9, 20), // one or two messages a week
                    new Level("POST_SHARED", 0.35, 2), // one in three shares a post or two a quarter
                    new Level("ARTICLE_PUBLISHED", 0.03, 1), // almost never writes an article
                    new Level("ENDORSEMENT_RECEIVED", 0.5, 2),
                    new Level("PROFILE_VIEW_RECEIVED", 1, 25), // two a week, plus those who view them back
                    new Level("GROUP_JOINED", 0.15, 1),
                    new Level("ACCOUNT_RESEARCHED", 0.4, 8), // looks up a company page before a first call
                    new Level("CONNECTION_REQUEST_SENT", 0.8, 15)), // about one invitation a week
            List.of( // with a seat, used lightly
                    new Level("LEAD_SEARCH", 0.8, 10),
                    new Level("LEAD_SAVED", 0.8, 10),
                    new Level("ACCOUNT_SAVED", 0.6, 5),
                    new Level("INMAIL_SENT", 0.5, 8)), // half of the seat holders send a few InMails
            new Level("CONNECTION_ADDED", 0.9, 6), // accepts about one invitation every two weeks
            new Network(450, 0.06, 40, 0.35, 0.09), // a few hundred connections, 6% VP and above
            0.7);

    /**
     * Prospects on LinkedIn most working days: about ten searches and twenty-five profile views a week, a post every
     * week or two, a few InMails a week with a seat; a network near a thousand.
     */
    static final Persona STEADY = new Persona(
            "steady",
            0.25, // one rep in four has made it a daily habit
            50, // four days a week
            0.7, // most have a seat
            List.of(
                    new Level("PEOPLE_SEARCH", 1, 120), // about ten searches a week
                    new Level("PROFILE_VIEW_MADE", 1, 300), // five profiles a working day
                    new Level("ENGAGEMENT_GIVEN", 0.95, 80), // a like or comment most days
                    new Level("MESSAGE_SENT", 1, 60), // about one message a working day
                    new Level("POST_SHARED", 0.8, 8), // a post every week or two
                    new Level("ARTICLE_PUBLISHED", 0.2, 1), // one in five writes an article a quarter
                    new Level("ENDORSEMENT_RECEIVED", 0.8, 5),
                    new Level("PROFILE_VIEW_RECEIVED", 1, 80), // six a week, plus those who view them back
                    new Level("GROUP_JOINED", 0.4, 1),
                    new Level("ACCOUNT_RESEARCHED", 0.8, 40), // three company pages a week
                    new Level("CONNECTION_REQUEST_SENT", 1, 60)), // about five invitations a week
            List.of(
                    new Level("LEAD_SEARCH", 1, 40), // three saved-filter searches a week
                    new Level("LEAD_SAVED", 1, 40), // three leads a week
                    new Level("ACCOUNT_SAVED", 0.9, 15),
                    new Level("INMAIL_SENT", 0.9, 30)), // two or three InMails a week
            new Level("CONNECTION_ADDED", 1, 15), // accepts an invitation a week
            new Network(900, 0.08, 90, 0.40, 0.11), // near a thousand connections, 8% VP and above
            0.85);

    /**
     * Social sellers: LinkedIn is their main channel. Daily searches and some fifteen profile views a working day,
     * two or three posts a week and an article a month, InMail every day, a network of a few thousand.
     */
    static final Persona POWER_USER = new Persona(
            "power user",
            0.05, // one rep in twenty
            78, // nearly every day, weekends included
            1.0, // all have a seat
            List.of(
                    new Level("PEOPLE_SEARCH", 1, 300), // five searches a working day
                    new Level("PROFILE_VIEW_MADE", 1, 900), // fifteen profiles a working day
                    new Level("ENGAGEMENT_GIVEN", 1, 300), // five likes or comments a working day
                    new Level("MESSAGE_SENT", 1, 200), // three messages a working day
                    new Level("POST_SHARED", 1, 30), // two or three posts a week
                    new Level("ARTICLE_PUBLISHED", 0.7, 3), // most write an article a month
                    new Level("ENDORSEMENT_RECEIVED", 1, 15),
                    new Level("PROFILE_VIEW_RECEIVED", 1, 300), // their posts bring visitors
                    new Level("GROUP_JOINED", 0.8, 2),
                    new Level("ACCOUNT_RESEARCHED", 1, 150), // two or three company pages a working day
                    new Level("CONNECTION_REQUEST_SENT", 1, 200)), // three invitations a working day
            List.of(
                    new Level("LEAD_SEARCH", 1, 120), // two lead searches a working day
                    new Level("LEAD_SAVED", 1, 150), // two or three leads a working day
                    new Level("ACCOUNT_SAVED", 1, 40),
                    new Level("INMAIL_SENT", 1, 100)), // one or two InMails a working day
            new Level("CONNECTION_ADDED", 1, 40), // their visibility brings three invitations a week
            new Network(2200, 0.10, 200, 0.45, 0.13), // a few thousand connections, 10% VP and above
            0.95);

    static final List<Persona> PERSONAS = List.of(DORMANT, CASUAL, STEADY, POWER_USER);

    /** A simulated rep: their persona and what activity-service would report about them on {@link #DAY}. */
    record Rep(Persona persona, MemberInputs inputs) {}

    private final Random random;

    SimulatedPopulation(long seed) {
        this.random = new Random(seed);
    }

    List<Rep> reps(int count) {
        List<Rep> reps = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            reps.add(rep("sim-" + i));
        }
        return reps;
    }

    private Rep rep(String memberId) {
        Persona persona = persona();
        double intensity = spread(INTENSITY_SPREAD);
        boolean seat = random.nextDouble() < persona.salesNavigator();
        Map<String, Long> window = new HashMap<>();
        persona.actions().forEach(level -> window.put(level.metric(), activity(level, intensity)));
        if (seat) {
            persona.navigatorActions().forEach(level -> window.put(level.metric(), activity(level, intensity)));
        }
        Network network = persona.network();
        long external = Math.round(network.connections() * Math.sqrt(intensity) * spread(NETWORK_SPREAD));
        long coworkers = Math.round(network.coworkers() * Math.sqrt(intensity) * spread(NETWORK_SPREAD));

        long views = window.getOrDefault("PROFILE_VIEW_MADE", 0L);
        window.put("PROFILE_VIEW_MADE:degree=3", binomial(views, THIRD_DEGREE_SHARE));

        long inmails = window.getOrDefault("INMAIL_SENT", 0L);
        window.put("INMAIL_REPLY_RECEIVED", binomial(inmails, rate(network.inmailResponse(), 0.04)));

        long requests = window.getOrDefault("CONNECTION_REQUEST_SENT", 0L);
        long added =
                binomial(requests, rate(network.requestAcceptance(), 0.12)) + activity(persona.inboundAccepts(), 1);
        window.put("CONNECTION_ADDED", added);

        long posts = window.getOrDefault("POST_SHARED", 0L);
        long articles = window.getOrDefault("ARTICLE_PUBLISHED", 0L);
        double postViews = posts * POST_REACH * external;
        double articleViews = articles * 2 * POST_REACH * external;
        window.put("POST_VIEW_RECEIVED", poisson(postViews + articleViews));
        window.put("ENGAGEMENT_RECEIVED", poisson(postViews * POST_ENGAGEMENT));
        window.put("ARTICLE_ENGAGEMENT_RECEIVED", poisson(articleViews * ARTICLE_ENGAGEMENT));
        long articleFollowers = poisson(articleViews * ARTICLE_FOLLOW);
        window.put("ARTICLE_FOLLOWER_GAINED", articleFollowers);
        long followers = added + articleFollowers;
        window.put("FOLLOWER_GAINED", followers);
        window.put("FOLLOWER_LOST", poisson(followers * FOLLOWER_CHURN));
        window.merge("PROFILE_VIEW_RECEIVED", poisson(views * VIEW_BACK), Long::sum);

        Map<String, Long> toDate = new HashMap<>(window);
        long senior = binomial(external, Math.min(1, network.seniorShare() * spread(0.4)));
        long cxo = binomial(senior, CXO_OF_SENIOR);
        toDate.put("CONNECTION_ADDED:external", external);
        toDate.put("CONNECTION_ADDED:external:seniority=VP", senior - cxo);
        toDate.put("CONNECTION_ADDED:external:seniority=CXO", cxo);
        toDate.put("CONNECTION_REMOVED:external", binomial(external, CONNECTION_CHURN));

        boolean didSomething = window.values().stream().anyMatch(count -> count > 0);
        int activeDays = (int) Math.min(WINDOW_DAYS, poisson(persona.activeDays() * intensity));
        if (didSomething && activeDays == 0) {
            activeDays = 1;
        }
        return new Rep(
                persona,
                new MemberInputs(
                        memberId,
                        "software",
                        "SENIOR",
                        null,
                        profile(persona.profileFilled()),
                        DAY,
                        window,
                        toDate,
                        activeDays,
                        coworkersBySeniority(coworkers)));
    }

    private Persona persona() {
        double draw = random.nextDouble();
        for (Persona persona : PERSONAS) {
            draw -= persona.share();
            if (draw < 0) {
                return persona;
            }
        }
        return PERSONAS.get(PERSONAS.size() - 1);
    }

    /** Nothing for a rep who never does it; otherwise a count around the level times the rep's intensity. */
    private long activity(Level level, double intensity) {
        if (random.nextDouble() >= level.adoption()) {
            return 0;
        }
        return poisson(level.mean() * intensity * spread(ACTIVITY_SPREAD));
    }

    /** A rep's own rate around the persona's mean. */
    private double rate(double mean, double deviation) {
        return Math.max(0, Math.min(1, mean + deviation * random.nextGaussian()));
    }

    /** Coworkers are mostly individual contributors and managers; about one in twenty is a VP. */
    private Map<String, Long> coworkersBySeniority(long coworkers) {
        long vp = binomial(coworkers, 0.05);
        long managers = binomial(coworkers - vp, 0.3);
        return Map.of("VP", vp, "MANAGER", managers, "SENIOR", coworkers - vp - managers);
    }

    /** The headline and work history are filled in by nearly everyone; the rest with the persona's care. */
    private MemberInputs.Profile profile(double filled) {
        return new MemberInputs.Profile(
                random.nextDouble() < filled,
                random.nextDouble() < filled * 0.6,
                random.nextDouble() < 0.95,
                random.nextDouble() < filled * 0.8,
                random.nextDouble() < 0.95,
                random.nextDouble() < filled,
                random.nextDouble() < filled);
    }

    /** Log-normal with median 1. */
    private double spread(double sigma) {
        return Math.exp(sigma * random.nextGaussian());
    }

    private long poisson(double mean) {
        if (mean <= 0) {
            return 0;
        }
        if (mean > 50) {
            return Math.max(0, Math.round(mean + Math.sqrt(mean) * random.nextGaussian()));
        }
        double limit = Math.exp(-mean);
        double product = random.nextDouble();
        long count = 0;
        while (product > limit) {
            product *= random.nextDouble();
            count++;
        }
        return count;
    }

    private long binomial(long trials, double p) {
        if (trials > 100) {
            double mean = trials * p;
            double deviation = Math.sqrt(trials * p * (1 - p));
            return Math.max(0, Math.min(trials, Math.round(mean + deviation * random.nextGaussian())));
        }
        long successes = 0;
        for (long i = 0; i < trials; i++) {
            if (random.nextDouble() < p) {
                successes++;
            }
        }
        return successes;
    }
}
