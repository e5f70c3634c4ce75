package org.ssi.activity.team.rest;

import java.util.List;
import org.ssi.activity.binding.Expect;
import org.ssi.activity.team.service.TeamService;

/**
 * A team as {@code PUT /api/v1/teams/{teamId}} takes it, and as a team line of the directory import carries it;
 * {@link TeamService#parse} checks what the types cannot say.
 *
 * @param teamId optional; when given, the team id of the path
 * @param parentTeamId the team above, or absent for a top team
 * @param managers the member ids of its managers; absent means none
 */
@Expect("must be a JSON object")
public record TeamRequest(
        @Expect(value = "must equal the team id of the path", nullable = false)
        String teamId,

        @Expect(value = TeamService.NAME_RULE, missing = TeamService.NAME_RULE)
        String name,

        @Expect("must be a team id") String parentTeamId,

        @Expect(value = "must be an array of member ids", element = "must be a member id")
        List<String> managers) {}
