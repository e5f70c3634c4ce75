package org.ssi.scoring.rest;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.cfg.CoercionAction;
import com.fasterxml.jackson.databind.cfg.CoercionInputShape;
import com.fasterxml.jackson.databind.deser.std.StdDeserializer;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.type.LogicalType;
import java.io.IOException;
import java.util.List;
import java.util.function.Function;
import org.ssi.problem.Problem.FieldError;

/**
 * Binds a request body to its record as the contract types it: no {@code "2"} for 2, no 2.5 for a whole number, no 5
 * for a string, no unknown field. A body that is not JSON, names a member twice or has content after its document
 * stays a 400 of the service's reader ({@code StrictJson}); a body of the wrong shape is a 422 naming each fault by
 * JSON pointer, which a plain binding could not give (it stops at the first fault, as a 400).
 */
public final class StrictBody {

    static final JsonMapper STRICT = JsonMapper.builder()
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            .disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT)
            .disable(MapperFeature.ALLOW_COERCION_OF_SCALARS)
            .withCoercionConfig(
                    LogicalType.Textual,
                    texts -> texts.setCoercion(CoercionInputShape.Integer, CoercionAction.Fail)
                            .setCoercion(CoercionInputShape.Float, CoercionAction.Fail)
                            .setCoercion(CoercionInputShape.Boolean, CoercionAction.Fail))
            .build();

    private StrictBody() {}

    /** Where a value did not fit its record: its JSON pointer, and whether it is a member the record does not have. */
    public record Mismatch(String pointer, boolean unknownField) {
        /** The last member name of the pointer, or "" for the whole value or an array item. */
        public String field() {
            String last = pointer.substring(pointer.lastIndexOf('/') + 1);
            return last.replace("~1", "/").replace("~0", "~");
        }
    }

    /**
     * The value bound to its type; or null after adding one fault, at {@code at} followed by the path of the value
     * that did not fit, described by {@code detail}.
     */
    public static <T> T bind(
            JsonNode value, Class<T> type, String at, List<FieldError> faults, Function<Mismatch, String> detail) {
        try {
            return STRICT.treeToValue(value, type);
        } catch (JsonMappingException e) {
            Mismatch mismatch = new Mismatch(at + pointer(e), e instanceof UnrecognizedPropertyException);
            faults.add(new FieldError(mismatch.pointer(), detail.apply(mismatch)));
        } catch (JsonProcessingException e) {
            Mismatch mismatch = new Mismatch(at, false);
            faults.add(new FieldError(mismatch.pointer(), detail.apply(mismatch)));
        }
        return null;
    }

    private static String pointer(JsonMappingException e) {
        StringBuilder pointer = new StringBuilder();
        for (JsonMappingException.Reference step : e.getPath()) {
            pointer.append('/');
            if (step.getFieldName() != null) {
                pointer.append(escape(step.getFieldName()));
            } else {
                pointer.append(step.getIndex());
            }
        }
        return pointer.toString();
    }

    /** A member name as a JSON pointer step (RFC 6901). */
    public static String escape(String name) {
        return name.replace("~", "~0").replace("/", "~1");
    }

    /**
     * Reads the body as one JSON document, as strictly as the service's reader (a member twice, content after it:
     * 400), and hands it to {@link #bind(JsonNode)}, which answers a body of the wrong shape with a 422.
     */
    public abstract static class Reader<T> extends StdDeserializer<T> {

        protected Reader(Class<T> type) {
            super(type);
        }

        @Override
        public final T deserialize(JsonParser parser, DeserializationContext context) throws IOException {
            JsonNode body = context.readTree(parser);
            // the content after the document is refused before the document is judged, as before binding
            if (context.isEnabled(DeserializationFeature.FAIL_ON_TRAILING_TOKENS) && parser.nextToken() != null) {
                context.reportTrailingTokens(handledType(), parser, parser.currentToken());
            }
            return bind(body);
        }

        /** The record of a body read as JSON; throws a 422 problem when it does not fit. */
        protected abstract T bind(JsonNode body);
    }
}
