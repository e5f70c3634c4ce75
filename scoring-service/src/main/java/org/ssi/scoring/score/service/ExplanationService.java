package org.ssi.scoring.score.service;

import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.LocalDate;
import java.time.ZoneOffset;
import org.eclipse.microprofile.rest.client.inject.RestClient;
import org.ssi.problem.ProblemException;
import org.ssi.problem.ProblemType;
import org.ssi.scoring.feed.client.ActivityClient;
import org.ssi.scoring.model.Explanation;
import org.ssi.scoring.model.MemberInputs;
import org.ssi.scoring.model.ModelEngine;
import org.ssi.scoring.model.service.ActiveModel;

/** Explains a member's score of today from their current inputs, with the actions that would raise it most. */
@ApplicationScoped
public class ExplanationService {

    /** The explanation of one member's score on one day. */
    public record MemberExplanation(
            String memberId,
            LocalDate day,
            int modelVersion,
            java.math.BigDecimal score,
            java.util.List<Explanation.Pillar> pillars,
            java.util.List<Explanation.Recommendation> recommendations) {}

    private final ActivityClient activity;
    private final ActiveModel model;

    public ExplanationService(@RestClient ActivityClient activity, ActiveModel model) {
        this.activity = activity;
        this.model = model;
    }

    public Uni<MemberExplanation> explain(String memberId) {
        LocalDate today = LocalDate.now(ZoneOffset.UTC);
        return activity.inputs(memberId, today.toString())
                .onFailure(ExplanationService::isNotFound)
                .transform(e -> new ProblemException(ProblemType.NOT_FOUND, "No member " + memberId))
                .chain(inputs -> model.current().map(engine -> explain(engine, inputs)));
    }

    private static MemberExplanation explain(ModelEngine engine, MemberInputs inputs) {
        Explanation explanation = engine.explain(inputs);
        return new MemberExplanation(
                inputs.memberId(),
                inputs.day(),
                explanation.modelVersion(),
                explanation.score(),
                explanation.pillars(),
                explanation.recommendations());
    }

    private static boolean isNotFound(Throwable e) {
        return e instanceof jakarta.ws.rs.WebApplicationException web
                && web.getResponse().getStatus() == 404;
    }
}
