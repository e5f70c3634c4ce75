package org.ssi.scoring.outcome.service;

import java.util.Arrays;
import java.util.List;

/** What a CRM outcome counts; the JSON name is the contract's spelling. */
public enum OutcomeMetric {
    OPPORTUNITIES("opportunities", "opportunities"),
    MEETINGS("meetings", "meetings"),
    DEALS_WON("deals_won", "deals won"),
    REVENUE("revenue", "revenue");

    private final String json;
    private final String label;

    OutcomeMetric(String json, String label) {
        this.json = json;
        this.label = label;
    }

    /** The name in requests, answers and the database. */
    public String json() {
        return json;
    }

    /** The name in a sentence. */
    public String label() {
        return label;
    }

    /** The metric of a JSON name, or null. */
    public static OutcomeMetric parse(String json) {
        for (OutcomeMetric metric : values()) {
            if (metric.json.equals(json)) {
                return metric;
            }
        }
        return null;
    }

    public static List<String> names() {
        return Arrays.stream(values()).map(OutcomeMetric::json).toList();
    }
}
