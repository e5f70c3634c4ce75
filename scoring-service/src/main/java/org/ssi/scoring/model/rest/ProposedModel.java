package org.ssi.scoring.model.rest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.annotation.JsonDeserialize;
import java.util.ArrayList;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.ssi.problem.Problem.FieldError;
import org.ssi.scoring.model.ModelDocument;
import org.ssi.scoring.model.service.ModelAdministration;
import org.ssi.scoring.rest.StrictBody;

/**
 * The body of {@code POST /internal/admin/scoring-models}: a scoring model document as it is on the wire, bound
 * strictly; a value of the wrong type or a member a model does not have is a 422 naming it by JSON pointer.
 */
@Schema(implementation = ModelDocument.class)
@JsonDeserialize(using = ProposedModel.Reader.class)
public record ProposedModel(ModelDocument document) {

    static final class Reader extends StrictBody.Reader<ProposedModel> {

        Reader() {
            super(ProposedModel.class);
        }

        @Override
        protected ProposedModel bind(JsonNode body) {
            if (!body.isObject()) {
                throw ModelAdministration.invalid(
                        List.of(new FieldError("", "must be a scoring model document (a JSON object)")));
            }
            List<FieldError> faults = new ArrayList<>();
            ModelDocument document = StrictBody.bind(
                    body,
                    ModelDocument.class,
                    "",
                    faults,
                    mismatch -> "has the wrong type or is not a field of a model");
            if (document == null) {
                throw ModelAdministration.invalid(faults);
            }
            return new ProposedModel(document);
        }
    }
}
