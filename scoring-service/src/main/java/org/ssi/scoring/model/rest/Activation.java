package org.ssi.scoring.model.rest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.annotation.JsonDeserialize;
import java.util.ArrayList;
import java.util.List;
import org.ssi.problem.Problem;
import org.ssi.problem.Problem.FieldError;
import org.ssi.problem.ProblemException;
import org.ssi.scoring.rest.StrictBody;

/**
 * The body of {@code PUT /active}: {@code {"version": n}}, n a positive whole number; anything else is a 422 naming
 * the fault by JSON pointer.
 */
@JsonDeserialize(using = Activation.Reader.class)
public record Activation(int version) {

    /** Binds the record by its components only, so that the reader above reads the body once. */
    record Body(int version) {}

    static final class Reader extends StrictBody.Reader<Activation> {

        Reader() {
            super(Activation.class);
        }

        @Override
        protected Activation bind(JsonNode body) {
            if (!body.isObject()) {
                throw invalid(new FieldError("", "must be {\"version\": n}"));
            }
            List<FieldError> faults = new ArrayList<>();
            Body bound = StrictBody.bind(body, Body.class, "", faults, Reader::detail);
            if (bound != null && bound.version() < 1) {
                faults.add(new FieldError("/version", "must be a positive whole number"));
            }
            if (!faults.isEmpty()) {
                throw invalid(faults.get(0));
            }
            return new Activation(bound.version());
        }

        private static String detail(StrictBody.Mismatch mismatch) {
            if (mismatch.unknownField()) {
                return "is not a field; send {\"version\": n}";
            }
            return mismatch.pointer().equals("/version")
                    ? "must be a positive whole number"
                    : "must be {\"version\": n}";
        }
    }

    /** The 422 of a body that is not {"version": n}. */
    static ProblemException invalid(FieldError fault) {
        return new ProblemException(Problem.invalid("The activation is not valid: " + fault.detail(), List.of(fault)));
    }
}
