package org.ssi.scoring.model;

import jakarta.enterprise.context.ApplicationScoped;

/**
 * Model v1 (design/ssi-model.md, "Our model"): every input of the sources is a sub-metric with a weight, the
 * weights of a pillar sum to 25; counts over the 90-day window earn points along a saturating curve, so no single
 * action can max a pillar; rates (InMail replies, connection acceptance) scale the volume they qualify between a
 * floor and a target. The target persona defaults to VP and above.
 */
@ApplicationScoped
public class ScoringModel {

    public static final int VERSION = 1;

    private static final String[] TARGET_PERSONA = {"VP", "CXO"};

    public PillarScores score(MemberInputs in) {
        return PillarScores.of(brand(in), find(in), engage(in), relationships(in));
    }

    double brand(MemberInputs in) {
        MemberInputs.Profile p = in.profile();
        double profile = p == null
                ? 0
                : 1.5 * bit(p.photo())
                        + 0.5 * bit(p.coverPhoto())
                        + 1.5 * bit(p.headline())
                        + 1.5 * bit(p.summary())
                        + 1.5 * bit(p.experience())
                        + 1.0 * bit(p.education())
                        + 0.5 * bit(p.skills());
        long followerGrowth = in.window("FOLLOWER_GAINED") - in.window("FOLLOWER_LOST");
        return profile
                + 3 * saturate(in.window("ENDORSEMENT_RECEIVED"), 10)
                + 4 * saturate(in.window("ARTICLE_PUBLISHED"), 2)
                + 2 * saturate(in.window("ARTICLE_FOLLOWER_GAINED"), 10)
                + 4 * saturate(in.window("POST_VIEW_RECEIVED"), 200)
                + 4 * saturate(followerGrowth, 30);
    }

    double find(MemberInputs in) {
        return 4 * saturate(in.window("PEOPLE_SEARCH"), 20)
                + 4 * saturate(in.window("LEAD_SEARCH"), 10)
                + 4 * saturate(in.window("PROFILE_VIEW_MADE"), 50)
                + 3 * saturate(in.window("PROFILE_VIEW_MADE:degree=3"), 20)
                + 3 * saturate(in.window("PROFILE_VIEW_RECEIVED"), 30)
                + 4 * saturate(in.window("LEAD_SAVED"), 15)
                + 3 * saturate(in.activeDays(), 20);
    }

    double engage(MemberInputs in) {
        long inmails = in.window("INMAIL_SENT");
        double replyRate = rate(in.window("INMAIL_REPLY_RECEIVED"), inmails);
        return 3 * saturate(in.window("POST_SHARED"), 10)
                + 3 * saturate(in.window("ENGAGEMENT_GIVEN"), 40)
                + 3 * saturate(in.window("ENGAGEMENT_RECEIVED"), 40)
                + 2 * saturate(in.window("ARTICLE_ENGAGEMENT_RECEIVED"), 20)
                + 3 * saturate(in.window("MESSAGE_SENT"), 30)
                + 5 * saturate(inmails, 20) * between(replyRate, 0.02, 0.10)
                + 2 * saturate(in.window("GROUP_JOINED"), 3)
                + 2 * saturate(in.window("ACCOUNT_SAVED"), 10)
                + 2 * saturate(in.window("ACCOUNT_RESEARCHED"), 30);
    }

    double relationships(MemberInputs in) {
        long connections = net(in, "CONNECTION_%s:external") + in.connectedMembers();
        long persona = in.connectedMembers(TARGET_PERSONA);
        for (String seniority : TARGET_PERSONA) {
            persona += net(in, "CONNECTION_%s:external:seniority=" + seniority);
        }
        long internal = net(in, "CONNECTION_%s:external:sameCompany") + in.connectedMembers();
        long requests = in.window("CONNECTION_REQUEST_SENT");
        double acceptance = rate(in.window("CONNECTION_ADDED"), requests);
        return 8 * saturate(connections, 300)
                + 6 * saturate(persona, 50)
                + 5 * saturate(internal, 50)
                + 6 * saturate(requests, 30) * between(acceptance, 0.10, 0.50);
    }

    /** Connections added minus removed, up to the day (a state, not a window count). */
    private static long net(MemberInputs in, String pattern) {
        return Math.max(0, in.total(pattern.formatted("ADDED")) - in.total(pattern.formatted("REMOVED")));
    }

    /** Diminishing returns: 63% of the points at {@code scale}, 95% at three times it. */
    static double saturate(double count, double scale) {
        return count <= 0 ? 0 : 1 - Math.exp(-count / scale);
    }

    /** 0 at or below the floor, 1 at or above the target, linear between. */
    static double between(double rate, double floor, double target) {
        return Math.max(0, Math.min(1, (rate - floor) / (target - floor)));
    }

    private static double rate(long part, long whole) {
        return whole <= 0 ? 0 : Math.min(1.0, (double) part / whole);
    }

    private static int bit(boolean present) {
        return present ? 1 : 0;
    }
}
