package org.ssi.gateway.client;

/** Members scoring from {@code from} up to, not including, {@code to} (100 included in the last band). */
public record Band(int from, int to, long count) {}
