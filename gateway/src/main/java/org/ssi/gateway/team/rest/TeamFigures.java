package org.ssi.gateway.team.rest;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;
import org.ssi.gateway.client.Band;
import org.ssi.gateway.client.GroupFigures;
import org.ssi.gateway.client.Pillars;

/**
 * A team's figures with its sub-teams ({@code GET /teams/{teamId}/ssi}): from the latest release that holds it
 * ({@code releaseId}), or, for an admin, the exact figures of the moment (no {@code releaseId}).
 */
public record TeamFigures(
        String teamId,
        String day,
        @JsonInclude(JsonInclude.Include.NON_NULL) Long releaseId,
        long size,
        Double average,
        Double median,
        Pillars pillars,
        List<Band> distribution,
        Long leaders,
        Long laggards) {

    public static TeamFigures of(String teamId, String day, Long releaseId, GroupFigures figures) {
        return new TeamFigures(
                teamId,
                day,
                releaseId,
                figures.size(),
                figures.average(),
                figures.median(),
                figures.pillars(),
                figures.distribution(),
                figures.leaders(),
                figures.laggards());
    }
}
