package org.ssi.gateway.me.rest;

import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.util.List;
import org.eclipse.microprofile.jwt.JsonWebToken;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.rest.client.inject.RestClient;
import org.ssi.gateway.caller.CallerDirectory;
import org.ssi.gateway.caller.Roles;
import org.ssi.gateway.client.Explanation;
import org.ssi.gateway.client.ScoreDay;
import org.ssi.gateway.client.ScoringClient;
import org.ssi.gateway.me.service.MemberScores;
import org.ssi.gateway.upstream.Service;
import org.ssi.gateway.upstream.Upstream;
import org.ssi.rules.DayRange;

/**
 * The logged-in member's own figures; the member comes from the token, never from a parameter.
 *
 * <p>Contract: {@code api/openapi.yaml}, operations {@code getMySsi}, {@code getMySsiHistory}, {@code getMySsiExplanation}.
 */
@Path("/api/v1/me/ssi")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed(Roles.PERSON)
@SecurityRequirement(name = "oidc")
public class MeResource {

    private final JsonWebToken token;
    private final Upstream upstream;
    private final ScoringClient scoring;
    private final CallerDirectory callers;
    private final MemberScores scores;

    public MeResource(
            JsonWebToken token,
            Upstream upstream,
            @RestClient ScoringClient scoring,
            CallerDirectory callers,
            MemberScores scores) {
        this.token = token;
        this.upstream = upstream;
        this.scoring = scoring;
        this.callers = callers;
        this.scores = scores;
    }

    @GET
    @Operation(
            operationId = "getMySsi",
            summary = "Your current score, its four pillars, your industry and network ranks and the 7-day change")
    public Uni<MemberScore> me() {
        String raw = token.getRawToken();
        return callers.memberId(token).chain(memberId -> scores.figures(memberId, raw, false));
    }

    @GET
    @Path("/history")
    @Operation(operationId = "getMySsiHistory", summary = "Your daily scores from `from` to `to` (default: 90 days)")
    public Uni<List<ScoreHistoryDay>> history(@QueryParam("from") String from, @QueryParam("to") String to) {
        DayRange.check(from, to);
        String raw = token.getRawToken();
        return callers.memberId(token)
                .chain(memberId ->
                        upstream.call(Service.SCORING, raw, call -> scoring.history(memberId, from, to, call)))
                .map(MeResource::historyRows);
    }

    @GET
    @Path("/explanation")
    @Operation(
            operationId = "getMySsiExplanation",
            summary =
                    "Per pillar and sub-metric: raw value, points earned and available; the actions that raise it most")
    public Uni<Explanation> explanation() {
        String raw = token.getRawToken();
        return callers.memberId(token).chain(memberId -> scores.explanation(memberId, raw));
    }

    private static List<ScoreHistoryDay> historyRows(List<ScoreDay> days) {
        return days.stream()
                .map(day -> new ScoreHistoryDay(day.day(), day.score(), day.pillars()))
                .toList();
    }
}
