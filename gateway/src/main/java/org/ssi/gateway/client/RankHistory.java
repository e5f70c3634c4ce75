package org.ssi.gateway.client;

import java.util.List;

/** A member's protected ranks on each release day of a range. */
public record RankHistory(String memberId, String from, String to, List<MemberRelease> days) {}
