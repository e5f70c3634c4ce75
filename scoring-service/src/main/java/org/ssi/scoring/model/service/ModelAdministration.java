package org.ssi.scoring.model.service;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.ArrayList;
import java.util.List;
import org.ssi.problem.Problem;
import org.ssi.problem.Problem.FieldError;
import org.ssi.problem.ProblemException;
import org.ssi.problem.ProblemType;
import org.ssi.scoring.model.ModelDocument;
import org.ssi.scoring.model.ModelValidator;
import org.ssi.scoring.model.ScoringModel;
import org.ssi.scoring.model.repository.ModelVersionRepository;
import org.ssi.scoring.model.repository.ModelVersionRepository.ModelVersion;

/**
 * Lists and adds scoring model versions. A version number is stored once with one document: adding the same
 * document again changes nothing, another document under a taken number is a conflict.
 */
@ApplicationScoped
public class ModelAdministration {

    /** The window activity-service aggregates; a model must count over the same days. */
    public static final int WINDOW_DAYS = 90;

    static final String REPOSITORY = "repository";

    /** What adding a version did: stored it, or found it stored with the same document. */
    public record Added(ModelVersion version, boolean created) {}

    private final ModelVersionRepository versions;
    private final ScoringModel repositoryDefault;

    public ModelAdministration(ModelVersionRepository versions, ScoringModel repositoryDefault) {
        this.versions = versions;
        this.repositoryDefault = repositoryDefault;
    }

    /** Version 1 comes from the repository; every replica offers it, the first one stores it. */
    void seed(@Observes StartupEvent start) {
        ModelDocument v1 = repositoryDefault.document();
        versions.add(v1.version(), canonical(v1), v1.description(), REPOSITORY)
                .await()
                .indefinitely();
    }

    public Uni<List<ModelVersion>> list() {
        return versions.list();
    }

    /** A stored version's document; 404 when there is none. */
    public Uni<ModelDocument> document(int version) {
        return versions.document(version)
                .map(text -> text == null ? null : ActiveModel.parse(text))
                .onItem()
                .ifNull()
                .failWith(() -> new ProblemException(ProblemType.NOT_FOUND, "No scoring model version " + version));
    }

    public Uni<Added> add(ModelDocument body, String addedBy) {
        ModelDocument model = validate(body);
        String document = canonical(model);
        return versions.add(model.version(), document, model.description(), addedBy)
                .chain(created -> created ? stored(model.version(), true) : sameOrConflict(model, document));
    }

    private Uni<Added> sameOrConflict(ModelDocument model, String document) {
        return versions.document(model.version()).chain(stored -> {
            if (stored != null && canonical(ActiveModel.parse(stored)).equals(document)) {
                return stored(model.version(), false);
            }
            throw new ProblemException(Problem.of(
                            ProblemType.CONFLICT,
                            "Version " + model.version() + " is stored with another document; versions never change,"
                                    + " add the model under a new number")
                    .with("version", model.version()));
        });
    }

    private Uni<Added> stored(int version, boolean created) {
        return versions.find(version).map(found -> new Added(found, created));
    }

    /** The document, or a 422 listing every fault by JSON pointer. */
    static ModelDocument validate(ModelDocument model) {
        List<FieldError> faults = new ArrayList<>(ModelValidator.validate(model));
        if (model.windowDays() != null && model.windowDays() != WINDOW_DAYS) {
            faults.add(
                    new FieldError("/windowDays", "must be " + WINDOW_DAYS + ", the window activity-service counts"));
        }
        if (model.description() != null && model.description().length() > 2000) {
            faults.add(new FieldError("/description", "must be at most 2000 characters"));
        } else if (model.description() != null && !isStorable(model.description())) {
            faults.add(new FieldError("/description", "must hold no NUL character and no half of a surrogate pair"));
        }
        if (!faults.isEmpty()) {
            throw invalid(faults);
        }
        return model;
    }

    /** The 422 of a document that is not a valid model: nothing is stored. */
    public static ProblemException invalid(List<FieldError> faults) {
        return new ProblemException(Problem.invalid("The scoring model is not valid; nothing was stored", faults));
    }

    /** One spelling per document, so that the same model sent again compares equal. */
    static String canonical(ModelDocument model) {
        try {
            return ActiveModel.DOCUMENTS.writeValueAsString(model);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * Whether PostgreSQL can keep the text as sent: a NUL is refused by {@code text} and {@code jsonb} (storing it was
     * a 500), half a surrogate pair would be stored as {@code ?}.
     */
    static boolean isStorable(String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '\u0000' || Character.isLowSurrogate(c)) {
                return false;
            }
            if (Character.isHighSurrogate(c)) {
                if (i + 1 >= text.length() || !Character.isLowSurrogate(text.charAt(i + 1))) {
                    return false;
                }
                i++;
            }
        }
        return true;
    }
}
