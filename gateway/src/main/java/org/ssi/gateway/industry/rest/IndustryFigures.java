package org.ssi.gateway.industry.rest;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;
import org.ssi.gateway.client.Band;
import org.ssi.gateway.client.GroupFigures;
import org.ssi.gateway.client.Pillars;

/**
 * An industry's figures ({@code GET /industries/{code}/ssi}): from the latest release that holds it
 * ({@code releaseId}), or, for an admin, the exact figures of the moment (no {@code releaseId}).
 */
public record IndustryFigures(
        String code,
        String day,
        @JsonInclude(JsonInclude.Include.NON_NULL) Long releaseId,
        long size,
        Double average,
        Double median,
        Pillars pillars,
        List<Band> distribution,
        Long leaders,
        Long laggards) {

    public static IndustryFigures of(String code, String day, Long releaseId, GroupFigures figures) {
        return new IndustryFigures(
                code,
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
