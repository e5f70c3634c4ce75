package org.ssi.ranking.release.service;

import java.math.BigDecimal;
import java.time.LocalDate;

/**
 * A member's protected ranks in one release.
 *
 * @param network null when the release could not read the connection graph
 */
public record MemberRelease(
        long releaseId,
        LocalDate day,
        String memberId,
        BigDecimal score,
        ReleasedRank industry,
        ReleasedRank network) {}
