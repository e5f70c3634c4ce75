package org.ssi.gateway.client;

/** A member of activity-service's directory, of which the gateway reads only the id. */
public record DirectoryMember(String memberId) {}
