package org.ssi.gateway.release.service;

import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.core.Response;
import java.time.LocalDate;
import java.util.Collection;
import java.util.List;
import org.eclipse.microprofile.rest.client.inject.RestClient;
import org.ssi.gateway.client.GroupRelease;
import org.ssi.gateway.client.MemberRanks;
import org.ssi.gateway.client.RankingClient;
import org.ssi.gateway.upstream.Service;
import org.ssi.gateway.upstream.Upstream;
import org.ssi.gateway.upstream.UpstreamProblem;

/**
 * ranking-service's releases of group figures and ranks (docs/privacy.md): each group's exact and protected figures,
 * of which the gateway shows admins the first and everyone else the second.
 */
@ApplicationScoped
public class Releases {

    private final Upstream upstream;
    private final RankingClient ranking;

    public Releases(Upstream upstream, @RestClient RankingClient ranking) {
        this.upstream = upstream;
        this.ranking = ranking;
    }

    /** The groups ({@code teams} or {@code industries}) in the latest release that holds each. */
    public Uni<List<GroupRelease>> latest(String kind, Collection<String> codes, String token) {
        return upstream.call(Service.RANKING, token, call -> ranking.latestReleases(kind, codes, call));
    }

    /** The groups in the last release of each day from {@code from} to {@code to}. */
    public Uni<List<GroupRelease>> history(
            String kind, Collection<String> codes, LocalDate from, LocalDate to, String token) {
        return upstream.call(
                Service.RANKING,
                token,
                call -> ranking.releaseHistory(kind, codes, from.toString(), to.toString(), call));
    }

    /** The member's protected ranks in the latest release, or null while no release holds the member. */
    public Uni<MemberRanks> member(String memberId, String token) {
        return upstream.call(Service.RANKING, token, call -> ranking.latestMemberRelease(memberId, call))
                .onFailure(Releases::notFound)
                .recoverWithNull();
    }

    /** Publishes a release now: ranking-service's answer (201 with the release's summary). */
    public Uni<Response> publish(String token) {
        return upstream.forward(Service.RANKING, token, ranking::publishRelease);
    }

    private static boolean notFound(Throwable failure) {
        return failure instanceof UpstreamProblem problem && problem.notFound();
    }
}
