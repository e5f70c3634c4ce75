package org.ssi.activity.ingestion.service;

/** Seniority levels, in order; the default target persona is VP and above. */
public enum Seniority {
    ENTRY,
    SENIOR,
    MANAGER,
    DIRECTOR,
    VP,
    CXO;

    public static Seniority parse(String name) {
        for (Seniority seniority : values()) {
            if (seniority.name().equals(name)) {
                return seniority;
            }
        }
        return null;
    }
}
