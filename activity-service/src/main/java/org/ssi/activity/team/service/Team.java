package org.ssi.activity.team.service;

import java.util.List;

/** A team of the directory; managers are member ids. */
public record Team(String teamId, String name, String parentTeamId, List<String> managers) {}
