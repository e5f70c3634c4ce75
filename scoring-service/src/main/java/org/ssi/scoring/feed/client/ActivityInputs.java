package org.ssi.scoring.feed.client;

import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import org.eclipse.microprofile.rest.client.inject.RestClient;
import org.ssi.scoring.model.MemberInputs;

/**
 * The model inputs of many members for a day, asked of activity-service in requests of at most
 * {@value #MAX_MEMBERS} members ({@code POST /internal/member-inputs}), one after the other.
 */
@ApplicationScoped
public class ActivityInputs {

    /** The most members activity-service answers in one request. */
    public static final int MAX_MEMBERS = 1000;

    private final ActivityClient activity;

    public ActivityInputs(@RestClient ActivityClient activity) {
        this.activity = activity;
    }

    /** The inputs of each member activity-service knows, in member id order per request; unknown ones are left out. */
    public Uni<List<MemberInputs>> of(Collection<String> memberIds, LocalDate day) {
        List<String> members = memberIds.stream().distinct().toList();
        if (members.isEmpty()) {
            return Uni.createFrom().item(List.of());
        }
        List<List<String>> requests = new ArrayList<>();
        for (int from = 0; from < members.size(); from += MAX_MEMBERS) {
            requests.add(members.subList(from, Math.min(members.size(), from + MAX_MEMBERS)));
        }
        return Multi.createFrom()
                .iterable(requests)
                .onItem()
                .transformToUniAndConcatenate(request -> ask(request, day))
                .collect()
                .in(ArrayList<MemberInputs>::new, List::addAll)
                .map(List::copyOf);
    }

    private Uni<List<MemberInputs>> ask(List<String> members, LocalDate day) {
        return activity.inputs(new ActivityClient.InputsRequest(day.toString(), members))
                .map(ActivityClient.InputsBatch::inputs);
    }
}
