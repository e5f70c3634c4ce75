package org.ssi.gateway.client;

import java.util.List;

/** A team of activity-service's directory; managers are member ids. */
public record Team(String teamId, String name, String parentTeamId, List<String> managers) {}
