package org.ssi.gateway.team.rest;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;
import org.ssi.gateway.client.Band;
import org.ssi.gateway.client.GroupFigures;
import org.ssi.gateway.client.Pillars;

/**
 * One day of a team's history ({@code GET /teams/{teamId}/ssi/history}): the figures of the day's release, or only
 * the reason the day is withheld ({@code withheld}: a problem type's last element, or {@code no-release}).
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record TeamDay(
        String day,
        Long releaseId,
        Long size,
        Double average,
        Double median,
        Pillars pillars,
        List<Band> distribution,
        Long leaders,
        Long laggards,
        String withheld) {

    public static TeamDay shown(String day, long releaseId, GroupFigures figures) {
        return new TeamDay(
                day,
                releaseId,
                figures.size(),
                figures.average(),
                figures.median(),
                figures.pillars(),
                figures.distribution(),
                figures.leaders(),
                figures.laggards(),
                null);
    }

    public static TeamDay withheld(String day, String reason) {
        return new TeamDay(day, null, null, null, null, null, null, null, null, reason);
    }
}
