package org.ssi.devstack.simulation;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What a simulated organisation scores, read back from scoring-service's own table (each member's latest score),
 * and how it compares with the population facts of design/ssi-model.md: about 1.4% at 70 and above, the typical rep
 * in the 20s, Engage the lowest pillar on average and Relationships the highest. The tolerances are those of
 * scoring-service's {@code CalibrationTest}.
 */
public record PopulationStatistics(
        int members,
        double leadersPercent,
        double mean,
        double median,
        double brand,
        double find,
        double engage,
        double relationships,
        Map<String, double[]> byPersona) {

    static final double LEADERS_PERCENT = 1.4;
    static final double LEADERS_TOLERANCE = 0.6;
    static final double TYPICAL_LOW = 20;
    static final double TYPICAL_HIGH = 30;
    static final double LEADER_SCORE = 70;

    /** A member's latest score and pillars. */
    public record Score(int index, double score, double brand, double find, double engage, double relationships) {}

    /** The latest scores of the organisation's members ({@code sim-} ids below its size). */
    public static List<Score> read(Connection db, int size) throws SQLException {
        String sql = "select distinct on (member_id) member_id, score, brand, find, engage, relationships"
                + " from scoring.daily_score where member_id like 'sim-%' order by member_id, day desc";
        List<Score> scores = new ArrayList<>();
        try (PreparedStatement statement = db.prepareStatement(sql);
                ResultSet rows = statement.executeQuery()) {
            while (rows.next()) {
                int index = index(rows.getString(1));
                if (index >= 0 && index < size) {
                    scores.add(new Score(
                            index,
                            rows.getDouble(2),
                            rows.getDouble(3),
                            rows.getDouble(4),
                            rows.getDouble(5),
                            rows.getDouble(6)));
                }
            }
        }
        return scores;
    }

    private static int index(String memberId) {
        try {
            return Integer.parseInt(memberId.substring("sim-".length()));
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    public static PopulationStatistics of(List<Score> scores, SimulatedOrganisation organisation) {
        int n = scores.size();
        if (n == 0) {
            return new PopulationStatistics(0, 0, 0, 0, 0, 0, 0, 0, Map.of());
        }
        double[] sorted = new double[n];
        double[] pillars = new double[4];
        int leaders = 0;
        Map<String, double[]> byPersona = new LinkedHashMap<>();
        Persona.ALL.forEach(p -> byPersona.put(p.name(), new double[2]));
        for (int i = 0; i < n; i++) {
            Score score = scores.get(i);
            sorted[i] = score.score();
            leaders += score.score() >= LEADER_SCORE ? 1 : 0;
            pillars[0] += score.brand();
            pillars[1] += score.find();
            pillars[2] += score.engage();
            pillars[3] += score.relationships();
            double[] persona = byPersona.get(organisation.persona(score.index()).name());
            persona[0] += score.score();
            persona[1]++;
        }
        Arrays.sort(sorted);
        double median = n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
        double mean = Arrays.stream(sorted).sum() / n;
        return new PopulationStatistics(
                n,
                100.0 * leaders / n,
                mean,
                median,
                pillars[0] / n,
                pillars[1] / n,
                pillars[2] / n,
                pillars[3] / n,
                byPersona);
    }

    public boolean leadersMatch() {
        return Math.abs(leadersPercent - LEADERS_PERCENT) <= LEADERS_TOLERANCE;
    }

    public boolean typicalMatches() {
        return mean >= TYPICAL_LOW && mean <= TYPICAL_HIGH && median >= TYPICAL_LOW && median <= TYPICAL_HIGH;
    }

    public boolean pillarOrderMatches() {
        return engage < Math.min(brand, find) && relationships > Math.max(brand, find);
    }

    public boolean matchesTheFacts() {
        return leadersMatch() && typicalMatches() && pillarOrderMatches();
    }

    /** The statistics beside the facts, one line each, with a verdict. */
    public String report() {
        StringBuilder text = new StringBuilder();
        text.append("  members scored       %d%n".formatted(members));
        text.append("  share at 70+         %.2f%%   fact 1.4%% (accepted %.1f%%-%.1f%%)   %s%n"
                .formatted(
                        leadersPercent,
                        LEADERS_PERCENT - LEADERS_TOLERANCE,
                        LEADERS_PERCENT + LEADERS_TOLERANCE,
                        verdict(leadersMatch())));
        text.append("  mean / median        %.2f / %.2f   fact: the typical rep in the 20s (accepted 20-30)   %s%n"
                .formatted(mean, median, verdict(typicalMatches())));
        text.append(("  pillar means         brand %.2f, find %.2f, engage %.2f, relationships %.2f   fact: engage"
                        + " lowest, relationships highest   %s%n")
                .formatted(brand, find, engage, relationships, verdict(pillarOrderMatches())));
        byPersona.forEach((persona, sum) -> {
            if (sum[1] > 0) {
                text.append("    %-12s %6d members, mean %.2f%n".formatted(persona, (long) sum[1], sum[0] / sum[1]));
            }
        });
        return text.toString();
    }

    private static String verdict(boolean ok) {
        return ok ? "ok" : "OUT OF TOLERANCE";
    }
}
