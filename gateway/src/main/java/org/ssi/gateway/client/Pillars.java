package org.ssi.gateway.client;

/** The four pillars of a score or a group's average, 0 to 25 each. */
public record Pillars(Double brand, Double find, Double engage, Double relationships) {}
