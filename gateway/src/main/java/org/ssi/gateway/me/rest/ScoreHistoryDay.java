package org.ssi.gateway.me.rest;

import org.ssi.gateway.client.Pillars;

/** One day of the caller's score history ({@code GET /me/ssi/history}). */
public record ScoreHistoryDay(String day, Double score, Pillars pillars) {}
