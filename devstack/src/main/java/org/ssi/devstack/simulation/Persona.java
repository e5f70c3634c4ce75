package org.ssi.devstack.simulation;

import java.util.List;

/**
 * One kind of sales rep and what they do in 90 days. The levels are those of scoring-service's calibration
 * ({@code SimulatedPopulation}, whose comments give the reasoning for each figure): model v1 was calibrated on exactly
 * this population, so an organisation simulated with them reproduces the population facts of design/ssi-model.md.
 * The simulator turns the 90-day levels into daily activity; the calibration uses them as window totals directly.
 *
 * @param activeDays mean days with any activity, of 90
 * @param salesNavigator share with a Sales Navigator seat (lead searches, saved leads and accounts, InMail)
 * @param actions what everyone can do, over 90 days
 * @param navigatorActions what a seat allows, over 90 days
 * @param inboundAccepts connection requests received and accepted, over 90 days
 * @param profileFilled the chance that each optional part of the profile is filled in
 */
public record Persona(
        String name,
        double share,
        double activeDays,
        double salesNavigator,
        List<Level> actions,
        List<Level> navigatorActions,
        Level inboundAccepts,
        Network network,
        double profileFilled) {

    /** How many of a persona's reps do something at all in 90 days, and how often those who do, do it. */
    public record Level(String type, double adoption, double mean) {}

    /**
     * The rep's network and the quality of their outreach.
     *
     * @param connections median connections outside the directory, built over years
     * @param seniorShare share of those at VP level or above
     * @param coworkers median connections to coworkers (some are directory members, the rest work elsewhere in the
     *     company)
     * @param requestAcceptance share of connection requests accepted
     * @param inmailResponse share of InMails answered (the sources: over 10% on average)
     */
    public record Network(
            double connections,
            double seniorShare,
            double coworkers,
            double requestAcceptance,
            double inmailResponse) {}

    public static final Persona DORMANT = new Persona(
            "dormant",
            0.25,
            4,
            0.05,
            List.of(
                    new Level("PEOPLE_SEARCH", 0.5, 3),
                    new Level("PROFILE_VIEW_MADE", 0.6, 6),
                    new Level("ENGAGEMENT_GIVEN", 0.3, 3),
                    new Level("MESSAGE_SENT", 0.4, 3),
                    new Level("POST_SHARED", 0.05, 1),
                    new Level("ENDORSEMENT_RECEIVED", 0.2, 1),
                    new Level("PROFILE_VIEW_RECEIVED", 1, 8),
                    new Level("GROUP_JOINED", 0.03, 1),
                    new Level("ACCOUNT_RESEARCHED", 0.1, 2),
                    new Level("CONNECTION_REQUEST_SENT", 0.2, 2)),
            List.of(
                    new Level("LEAD_SEARCH", 0.5, 2),
                    new Level("LEAD_SAVED", 0.5, 2),
                    new Level("ACCOUNT_SAVED", 0.3, 1),
                    new Level("INMAIL_SENT", 0.3, 2)),
            new Level("CONNECTION_ADDED", 0.7, 3),
            new Network(220, 0.05, 15, 0.30, 0.08),
            0.5);

    public static final Persona CASUAL = new Persona(
            "casual",
            0.45,
            22,
            0.25,
            List.of(
                    new Level("PEOPLE_SEARCH", 0.95, 40),
                    new Level("PROFILE_VIEW_MADE", 0.95, 80),
                    new Level("ENGAGEMENT_GIVEN", 0.7, 20),
                    new Level("MESSAGE_SENT", 0.9, 20),
                    new Level("POST_SHARED", 0.35, 2),
                    new Level("ARTICLE_PUBLISHED", 0.03, 1),
                    new Level("ENDORSEMENT_RECEIVED", 0.5, 2),
                    new Level("PROFILE_VIEW_RECEIVED", 1, 25),
                    new Level("GROUP_JOINED", 0.15, 1),
                    new Level("ACCOUNT_RESEARCHED", 0.4, 8),
                    new Level("CONNECTION_REQUEST_SENT", 0.8, 15)),
            List.of(
                    new Level("LEAD_SEARCH", 0.8, 10),
                    new Level("LEAD_SAVED", 0.8, 10),
                    new Level("ACCOUNT_SAVED", 0.6, 5),
                    new Level("INMAIL_SENT", 0.5, 8)),
            new Level("CONNECTION_ADDED", 0.9, 6),
            new Network(450, 0.06, 40, 0.35, 0.09),
            0.7);

    public static final Persona STEADY = new Persona(
            "steady",
            0.25,
            50,
            0.7,
            List.of(
                    new Level("PEOPLE_SEARCH", 1, 120),
                    new Level("PROFILE_VIEW_MADE", 1, 300),
                    new Level("ENGAGEMENT_GIVEN", 0.95, 80),
                    new Level("MESSAGE_SENT", 1, 60),
                    new Level("POST_SHARED", 0.8, 8),
                    new Level("ARTICLE_PUBLISHED", 0.2, 1),
                    new Level("ENDORSEMENT_RECEIVED", 0.8, 5),
                    new Level("PROFILE_VIEW_RECEIVED", 1, 80),
                    new Level("GROUP_JOINED", 0.4, 1),
                    new Level("ACCOUNT_RESEARCHED", 0.8, 40),
                    new Level("CONNECTION_REQUEST_SENT", 1, 60)),
            List.of(
                    new Level("LEAD_SEARCH", 1, 40),
                    new Level("LEAD_SAVED", 1, 40),
                    new Level("ACCOUNT_SAVED", 0.9, 15),
                    new Level("INMAIL_SENT", 0.9, 30)),
            new Level("CONNECTION_ADDED", 1, 15),
            new Network(900, 0.08, 90, 0.40, 0.11),
            0.85);

    public static final Persona POWER_USER = new Persona(
            "power-user",
            0.05,
            78,
            1.0,
            List.of(
                    new Level("PEOPLE_SEARCH", 1, 300),
                    new Level("PROFILE_VIEW_MADE", 1, 900),
                    new Level("ENGAGEMENT_GIVEN", 1, 300),
                    new Level("MESSAGE_SENT", 1, 200),
                    new Level("POST_SHARED", 1, 30),
                    new Level("ARTICLE_PUBLISHED", 0.7, 3),
                    new Level("ENDORSEMENT_RECEIVED", 1, 15),
                    new Level("PROFILE_VIEW_RECEIVED", 1, 300),
                    new Level("GROUP_JOINED", 0.8, 2),
                    new Level("ACCOUNT_RESEARCHED", 1, 150),
                    new Level("CONNECTION_REQUEST_SENT", 1, 200)),
            List.of(
                    new Level("LEAD_SEARCH", 1, 120),
                    new Level("LEAD_SAVED", 1, 150),
                    new Level("ACCOUNT_SAVED", 1, 40),
                    new Level("INMAIL_SENT", 1, 100)),
            new Level("CONNECTION_ADDED", 1, 40),
            new Network(2200, 0.10, 200, 0.45, 0.13),
            0.95);

    public static final List<Persona> ALL = List.of(DORMANT, CASUAL, STEADY, POWER_USER);

    /** The persona a uniform draw in [0, 1) falls on, by share. */
    public static Persona drawn(double draw) {
        double left = draw;
        for (Persona persona : ALL) {
            left -= persona.share();
            if (left < 0) {
                return persona;
            }
        }
        return ALL.get(ALL.size() - 1);
    }
}
