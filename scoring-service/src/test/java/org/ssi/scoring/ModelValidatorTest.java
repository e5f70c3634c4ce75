package org.ssi.scoring;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.ssi.problem.Problem.FieldError;
import org.ssi.scoring.model.ModelDocument;
import org.ssi.scoring.model.ModelValidator;
import org.ssi.scoring.model.ScoringModel;

class ModelValidatorTest {

    private final ModelDocument v1 = new ScoringModel().document();

    private static List<String> pointers(ModelDocument model) {
        return ModelValidator.validate(model).stream().map(FieldError::pointer).toList();
    }

    private ModelDocument withFirstSubMetric(ModelDocument.SubMetric replacement) {
        List<ModelDocument.PillarDefinition> pillars = new ArrayList<>(v1.pillars());
        List<ModelDocument.SubMetric> metrics = new ArrayList<>(pillars.get(1).subMetrics());
        metrics.set(0, replacement);
        pillars.set(1, new ModelDocument.PillarDefinition("find", metrics));
        return new ModelDocument(2, "test", 90, v1.targetPersona(), pillars);
    }

    @Test
    void accepts_version_one() {
        assertEquals(List.of(), ModelValidator.validate(v1));
        assertEquals(1, v1.version());
    }

    @Test
    void rejects_weights_that_do_not_sum_to_twenty_five() {
        ModelDocument.SubMetric search = v1.pillars().get(1).subMetrics().get(0);
        ModelDocument heavier = withFirstSubMetric(new ModelDocument.SubMetric(
                search.key(), "count", 5.0, search.metric(), null, search.scale(), null, null, null, null, null, null));
        assertEquals(List.of("/pillars/1/subMetrics"), pointers(heavier));
    }

    @Test
    void rejects_a_falling_curve_a_rate_without_a_target_and_an_unknown_kind_listing_each_fault() {
        ModelDocument bad = withFirstSubMetric(new ModelDocument.SubMetric(
                "searches",
                "volumeWithRate",
                4.0,
                "PEOPLE_SEARCH",
                null,
                -3.0,
                "LEAD_SAVED",
                0.5,
                0.2,
                null,
                null,
                null));
        List<String> faults = pointers(bad);
        assertTrue(faults.contains("/pillars/1/subMetrics/0/scale"), faults::toString);
        assertTrue(faults.contains("/pillars/1/subMetrics/0/target"), faults::toString);
        ModelDocument unknown = withFirstSubMetric(new ModelDocument.SubMetric(
                "searches", "magic", 4.0, null, null, 1.0, null, null, null, null, Map.of(), null));
        assertEquals(List.of("/pillars/1/subMetrics/0/kind"), pointers(unknown));
    }

    @Test
    void rejects_missing_pillars_and_an_empty_persona() {
        ModelDocument empty = new ModelDocument(0, null, 0, new ModelDocument.TargetPersona(List.of()), List.of());
        List<String> faults = pointers(empty);
        assertTrue(
                faults.containsAll(List.of("/version", "/windowDays", "/targetPersona/seniorities", "/pillars")),
                faults::toString);
    }

    @Test
    void rejects_unknown_event_types_and_empty_actions_but_takes_qualified_ones() {
        ModelDocument.SubMetric search = v1.pillars().get(1).subMetrics().get(0);
        ModelDocument typo = withFirstSubMetric(new ModelDocument.SubMetric(
                search.key(),
                "count",
                search.weight(),
                "PEOPLE_SERACH",
                null,
                search.scale(),
                null,
                null,
                null,
                null,
                null,
                List.of(
                        new ModelDocument.Action("Search more", Map.of("PEOPLE_SEARCH:degree=2", 5L), null),
                        new ModelDocument.Action("Do nothing", Map.of("LEAD_SAVED", 0L), null),
                        new ModelDocument.Action(" ", null, 3))));
        assertEquals(
                List.of(
                        "/pillars/1/subMetrics/0/metric",
                        "/pillars/1/subMetrics/0/actions/1/adds/LEAD_SAVED",
                        "/pillars/1/subMetrics/0/actions/2/text"),
                pointers(typo));
    }

    @Test
    void reports_null_pillars_and_sub_metrics_instead_of_failing() {
        List<ModelDocument.PillarDefinition> pillars = new ArrayList<>(v1.pillars());
        pillars.set(0, null);
        List<ModelDocument.SubMetric> metrics = new ArrayList<>(pillars.get(1).subMetrics());
        metrics.add(null);
        pillars.set(1, new ModelDocument.PillarDefinition("find", metrics));
        List<String> faults = pointers(new ModelDocument(2, "test", 90, v1.targetPersona(), pillars));
        assertTrue(faults.contains("/pillars"), faults.toString());
        assertTrue(faults.contains("/pillars/0"), faults.toString());
        assertTrue(faults.contains("/pillars/1/subMetrics/7"), faults.toString());
    }
}
