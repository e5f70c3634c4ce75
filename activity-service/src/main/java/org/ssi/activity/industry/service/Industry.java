package org.ssi.activity.industry.service;

import java.time.OffsetDateTime;

/**
 * An industry of the catalogue: the codes members may name.
 *
 * @param code the code members name, {@code [a-z0-9-]{2,64}}
 * @param name a name for people, or null
 * @param addedAt when it entered the catalogue
 * @param addedBy who added it (the principal's name; {@code migration} for industries members named before the
 *     catalogue existed)
 */
public record Industry(String code, String name, OffsetDateTime addedAt, String addedBy) {}
