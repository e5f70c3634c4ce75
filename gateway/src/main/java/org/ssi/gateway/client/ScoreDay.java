package org.ssi.gateway.client;

/** One day of a member's score history. */
public record ScoreDay(String day, Integer modelVersion, Double score, Pillars pillars) {}
