package org.ssi.activity.binding;

import com.fasterxml.jackson.databind.annotation.JsonDeserialize;
import java.util.List;
import org.ssi.problem.Problem;
import org.ssi.problem.Problem.FieldError;
import org.ssi.problem.ProblemException;

/**
 * A request body bound to its record by {@link RecordBinder}: the record with each value that fits its type, and
 * every value that does not, by JSON pointer. A member that does not fit is null in the record (an element of a list
 * that does not fit is a null element, so indexes still match the body); a body that is no JSON object at all has no
 * record. A body that is not one well-formed JSON document never gets here: it is a 400 {@code malformed-request}.
 *
 * @param value the bound record, or null when the body is not an object
 * @param errors where the body does not fit the record, in the order found; empty when it fits
 */
@JsonDeserialize(using = BoundDeserializer.class)
public record Bound<T>(T value, List<FieldError> errors) {

    public Bound {
        errors = List.copyOf(errors);
    }

    /** A request without a body: no record, and the error a body that is no object has. */
    public static <T> Bound<T> nothing(Class<T> type) {
        return RecordBinder.bind(null, type);
    }

    /** The request of an optional body (null when it was empty). */
    public static <T> Bound<T> orNothing(Bound<T> body, Class<T> type) {
        return body == null ? nothing(type) : body;
    }

    public boolean fits() {
        return errors.isEmpty();
    }

    /** The record, or a 422 problem with every error when the body does not fit it. */
    public T orRefuse(String detail) {
        if (!fits()) {
            throw new ProblemException(Problem.invalid(detail, errors));
        }
        return value;
    }
}
