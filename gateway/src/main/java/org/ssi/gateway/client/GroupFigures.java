package org.ssi.gateway.client;

import java.util.List;

/**
 * ranking-service's figures of a group of scored members (a team with its sub-teams, or an industry): a group under
 * ten members carries only its size and the reason it is withheld ({@code withheld}), never a figure.
 */
public record GroupFigures(
        long size,
        String withheld,
        Double average,
        Double median,
        Pillars pillars,
        List<Band> distribution,
        Long leaders,
        Long laggards) {}
