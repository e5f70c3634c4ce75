package org.ssi.scoring.model;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.ssi.problem.Problem.FieldError;

/** Checks a model document; every fault is reported by JSON pointer. */
public final class ModelValidator {

    public static final List<String> PILLARS = List.of("brand", "find", "engage", "relationships");
    public static final double PILLAR_WEIGHT = 25.0;
    static final Set<String> KINDS = Set.of("count", "net", "activeDays", "profile", "connections", "volumeWithRate");
    static final Set<String> PROFILE_FIELDS =
            Set.of("photo", "coverPhoto", "headline", "summary", "experience", "education", "skills");
    static final Set<String> SENIORITIES = Set.of("ENTRY", "SENIOR", "MANAGER", "DIRECTOR", "VP", "CXO");
    private static final double EPSILON = 1e-9;

    private ModelValidator() {}

    public static List<FieldError> validate(ModelDocument model) {
        List<FieldError> errors = new ArrayList<>();
        if (model.version() == null || model.version() < 1) {
            errors.add(new FieldError("/version", "must be a positive integer"));
        }
        if (model.windowDays() == null || model.windowDays() < 1 || model.windowDays() > 365) {
            errors.add(new FieldError("/windowDays", "must be 1 to 365"));
        }
        if (model.targetPersona() == null
                || model.targetPersona().seniorities() == null
                || model.targetPersona().seniorities().isEmpty()
                || !SENIORITIES.containsAll(model.targetPersona().seniorities())) {
            errors.add(new FieldError("/targetPersona/seniorities", "must name seniorities among " + SENIORITIES));
        }
        List<ModelDocument.PillarDefinition> pillars = model.pillars() == null ? List.of() : model.pillars();
        List<String> names =
                pillars.stream().map(ModelDocument.PillarDefinition::pillar).toList();
        if (!names.equals(PILLARS)) {
            errors.add(new FieldError("/pillars", "must be the four pillars in order: " + PILLARS));
        }
        for (int p = 0; p < pillars.size(); p++) {
            validatePillar(pillars.get(p), "/pillars/" + p, errors);
        }
        return errors;
    }

    private static void validatePillar(ModelDocument.PillarDefinition pillar, String at, List<FieldError> errors) {
        List<ModelDocument.SubMetric> subMetrics = pillar.subMetrics() == null ? List.of() : pillar.subMetrics();
        double sum = 0;
        Set<String> keys = new java.util.HashSet<>();
        for (int s = 0; s < subMetrics.size(); s++) {
            ModelDocument.SubMetric metric = subMetrics.get(s);
            String here = at + "/subMetrics/" + s;
            if (metric.key() == null || !metric.key().matches("[A-Za-z0-9]{1,40}") || !keys.add(metric.key())) {
                errors.add(new FieldError(here + "/key", "must be a unique word"));
            }
            if (metric.weight() == null || !(metric.weight() > 0)) {
                errors.add(new FieldError(here + "/weight", "must be positive"));
            } else {
                sum += metric.weight();
            }
            validateKind(metric, here, errors);
        }
        if (Math.abs(sum - PILLAR_WEIGHT) > EPSILON) {
            errors.add(new FieldError(at + "/subMetrics", "weights must sum to 25, not " + sum));
        }
    }

    private static void validateKind(ModelDocument.SubMetric metric, String at, List<FieldError> errors) {
        String kind = metric.kind();
        if (kind == null || !KINDS.contains(kind)) {
            errors.add(new FieldError(at + "/kind", "must be one of " + KINDS));
            return;
        }
        if (!kind.equals("profile") && (metric.scale() == null || !(metric.scale() > 0))) {
            errors.add(new FieldError(at + "/scale", "must be positive (the curve must rise)"));
        }
        if (Set.of("count", "net", "volumeWithRate").contains(kind) && blank(metric.metric())) {
            errors.add(new FieldError(at + "/metric", "is required"));
        }
        if (kind.equals("net") && blank(metric.minus())) {
            errors.add(new FieldError(at + "/minus", "is required"));
        }
        if (kind.equals("volumeWithRate")) {
            if (blank(metric.rateOf())) {
                errors.add(new FieldError(at + "/rateOf", "is required"));
            }
            if (metric.floor() == null
                    || metric.target() == null
                    || metric.floor() < 0
                    || metric.target() > 1
                    || !(metric.floor() < metric.target())) {
                errors.add(new FieldError(at + "/target", "needs 0 <= floor < target <= 1"));
            }
        }
        if (kind.equals("connections") && !Set.of("all", "persona", "internal").contains(metric.connections())) {
            errors.add(new FieldError(at + "/connections", "must be all, persona or internal"));
        }
        if (kind.equals("profile")) {
            Map<String, Double> fields = metric.fields() == null ? Map.of() : metric.fields();
            double sum =
                    fields.values().stream().mapToDouble(Double::doubleValue).sum();
            if (fields.isEmpty()
                    || !PROFILE_FIELDS.containsAll(fields.keySet())
                    || fields.values().stream().anyMatch(w -> !(w > 0))
                    || metric.weight() == null
                    || Math.abs(sum - metric.weight()) > EPSILON) {
                errors.add(new FieldError(
                        at + "/fields", "positive weights of " + PROFILE_FIELDS + " summing to the weight"));
            }
        }
    }

    private static boolean blank(String value) {
        return value == null || value.isBlank();
    }
}
