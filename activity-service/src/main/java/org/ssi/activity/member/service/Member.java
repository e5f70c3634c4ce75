package org.ssi.activity.member.service;

/** A member of the directory, as the API shows it. */
public record Member(
        String memberId,
        String login,
        String displayName,
        String industry,
        String seniority,
        String teamId,
        Profile profile) {

    /** Which parts of the member's profile are filled in. */
    public record Profile(
            boolean photo,
            boolean coverPhoto,
            boolean headline,
            boolean summary,
            boolean experience,
            boolean education,
            boolean skills) {}
}
