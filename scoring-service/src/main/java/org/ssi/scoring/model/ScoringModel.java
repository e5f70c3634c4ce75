package org.ssi.scoring.model;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.List;
import org.ssi.problem.Problem.FieldError;

/**
 * The active scoring model (design/ssi-model.md, "Our model"). Version 1 is read from the repository's
 * {@code models/v1.json} and validated at start: a bad model never scores anyone.
 */
@ApplicationScoped
public class ScoringModel {

    private static final String DEFAULT_MODEL = "/models/v1.json";

    private final ModelEngine engine;

    public ScoringModel() {
        this.engine = new ModelEngine(load(DEFAULT_MODEL));
    }

    public int version() {
        return engine.model().version();
    }

    public PillarScores score(MemberInputs in) {
        return engine.score(in);
    }

    public Explanation explain(MemberInputs in) {
        return engine.explain(in);
    }

    public ModelDocument document() {
        return engine.model();
    }

    static ModelDocument load(String resource) {
        try (InputStream in = ScoringModel.class.getResourceAsStream(resource)) {
            ModelDocument model = new ObjectMapper()
                    .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                    .readValue(in, ModelDocument.class);
            List<FieldError> faults = ModelValidator.validate(model);
            if (!faults.isEmpty()) {
                throw new IllegalStateException("The model " + resource + " is not valid: " + faults);
            }
            return model;
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read the model " + resource, e);
        }
    }
}
