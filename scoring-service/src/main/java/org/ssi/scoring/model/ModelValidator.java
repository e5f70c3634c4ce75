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
    /** The event types activity-service counts (design/api.md); a metric names one, optionally with an attribute. */
    static final Set<String> EVENT_TYPES = Set.of(
            "ENDORSEMENT_RECEIVED",
            "ARTICLE_PUBLISHED",
            "ARTICLE_FOLLOWER_GAINED",
            "POST_VIEW_RECEIVED",
            "FOLLOWER_GAINED",
            "FOLLOWER_LOST",
            "PEOPLE_SEARCH",
            "LEAD_SEARCH",
            "PROFILE_VIEW_MADE",
            "PROFILE_VIEW_RECEIVED",
            "LEAD_SAVED",
            "POST_SHARED",
            "ENGAGEMENT_GIVEN",
            "ENGAGEMENT_RECEIVED",
            "ARTICLE_ENGAGEMENT_RECEIVED",
            "MESSAGE_SENT",
            "INMAIL_SENT",
            "INMAIL_REPLY_RECEIVED",
            "GROUP_JOINED",
            "ACCOUNT_SAVED",
            "ACCOUNT_RESEARCHED",
            "CONNECTION_REQUEST_SENT",
            "CONNECTION_ADDED",
            "CONNECTION_REMOVED");

    private static final java.util.regex.Pattern METRIC =
            java.util.regex.Pattern.compile("([A-Z_]{1,64})(:[A-Za-z0-9_-]{1,32}(=[A-Za-z0-9_-]{1,32})?){0,3}");
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
        List<String> names = pillars.stream()
                .map(pillar -> pillar == null ? null : pillar.pillar())
                .toList();
        if (!names.equals(PILLARS)) {
            errors.add(new FieldError("/pillars", "must be the four pillars in order: " + PILLARS));
        }
        for (int p = 0; p < pillars.size(); p++) {
            if (pillars.get(p) == null) {
                errors.add(new FieldError("/pillars/" + p, "must be a pillar, not null"));
            } else {
                validatePillar(pillars.get(p), "/pillars/" + p, errors);
            }
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
            if (metric == null) {
                errors.add(new FieldError(here, "must be a sub-metric, not null"));
                continue;
            }
            if (metric.key() == null || !metric.key().matches("[A-Za-z0-9]{1,40}") || !keys.add(metric.key())) {
                errors.add(new FieldError(here + "/key", "must be a unique word"));
            }
            if (metric.weight() == null || !(metric.weight() > 0)) {
                errors.add(new FieldError(here + "/weight", "must be positive"));
            } else {
                sum += metric.weight();
            }
            validateKind(metric, here, errors);
            validateMetricNames(metric, here, errors);
            validateActions(metric, here, errors);
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
                    fields.values().stream().mapToDouble(w -> w == null ? 0 : w).sum();
            if (fields.isEmpty()
                    || !PROFILE_FIELDS.containsAll(fields.keySet())
                    || fields.values().stream().anyMatch(w -> w == null || !(w > 0))
                    || metric.weight() == null
                    || Math.abs(sum - metric.weight()) > EPSILON) {
                errors.add(new FieldError(
                        at + "/fields", "positive weights of " + PROFILE_FIELDS + " summing to the weight"));
            }
        }
    }

    private static void validateMetricNames(ModelDocument.SubMetric metric, String at, List<FieldError> errors) {
        if (metric.metric() != null && !knownMetric(metric.metric())) {
            errors.add(new FieldError(
                    at + "/metric", "must name an event type, optionally with qualifiers (TYPE:attribute=value)"));
        }
        if (metric.minus() != null && !knownMetric(metric.minus())) {
            errors.add(new FieldError(
                    at + "/minus", "must name an event type, optionally with qualifiers (TYPE:attribute=value)"));
        }
        if (metric.rateOf() != null && !knownMetric(metric.rateOf())) {
            errors.add(new FieldError(
                    at + "/rateOf", "must name an event type, optionally with qualifiers (TYPE:attribute=value)"));
        }
    }

    private static void validateActions(ModelDocument.SubMetric metric, String at, List<FieldError> errors) {
        List<ModelDocument.Action> actions = metric.actions() == null ? List.of() : metric.actions();
        for (int a = 0; a < actions.size(); a++) {
            ModelDocument.Action action = actions.get(a);
            String here = at + "/actions/" + a;
            if (action == null || blank(action.text())) {
                errors.add(new FieldError(here + "/text", "is required"));
                continue;
            }
            Map<String, Long> adds = action.adds() == null ? Map.of() : action.adds();
            for (Map.Entry<String, Long> add : adds.entrySet()) {
                if (!knownMetric(add.getKey()) || add.getValue() == null || add.getValue() < 1) {
                    errors.add(new FieldError(
                            here + "/adds/" + add.getKey().replace("~", "~0").replace("/", "~1"),
                            "must add a positive whole amount of an event type"));
                }
            }
            if (action.addsActiveDays() != null && action.addsActiveDays() < 1) {
                errors.add(new FieldError(here + "/addsActiveDays", "must be positive"));
            }
        }
    }

    private static boolean knownMetric(String name) {
        java.util.regex.Matcher matcher = METRIC.matcher(name);
        return matcher.matches() && EVENT_TYPES.contains(matcher.group(1));
    }

    private static boolean blank(String value) {
        return value == null || value.isBlank();
    }
}
