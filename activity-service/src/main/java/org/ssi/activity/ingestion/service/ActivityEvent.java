package org.ssi.activity.ingestion.service;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

/**
 * A validated activity event.
 *
 * @param attributesJson the attributes as stored (canonical JSON of the validated attributes)
 * @param connectedMemberId the other member of a connection change, or null
 * @param connectionSeniority the seniority of a connection outside the directory, or null
 * @param sameCompany whether a connection outside the directory works for the same company
 */
public record ActivityEvent(
        String eventId,
        String memberId,
        EventType type,
        Instant occurredAt,
        int count,
        String attributesJson,
        Integer degree,
        String connectedMemberId,
        Seniority connectionSeniority,
        boolean sameCompany) {

    public LocalDate day() {
        return occurredAt.atZone(ZoneOffset.UTC).toLocalDate();
    }

    /**
     * The daily metrics this event adds its count to: its type, and the type qualified by the attributes the model
     * reads (profile view degree; seniority and company of connections outside the directory).
     */
    public List<String> metrics() {
        List<String> metrics = new ArrayList<>();
        metrics.add(type.name());
        if (degree != null) {
            metrics.add(type.name() + ":degree=" + degree);
        }
        if (type.isConnectionChange() && connectedMemberId == null) {
            metrics.add(type.name() + ":external");
            if (connectionSeniority != null) {
                metrics.add(type.name() + ":external:seniority=" + connectionSeniority);
            }
            if (sameCompany) {
                metrics.add(type.name() + ":external:sameCompany");
            }
        }
        return metrics;
    }
}
