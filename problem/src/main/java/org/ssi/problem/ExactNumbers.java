package org.ssi.problem;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import java.lang.reflect.Type;
import java.util.function.BiFunction;

/**
 * Reads a body's fractional numbers as written ({@code BigDecimal}), not as doubles: a double turns {@code 1e-400}
 * into 0 and {@code 1e400} into infinity before any validator can see them. For a resource method taking a
 * {@code JsonNode}: {@code @CustomDeserialization(ExactNumbers.class)}. The strict rules of {@link StrictJson} hold,
 * as the reader is made from the service's mapper.
 */
public class ExactNumbers implements BiFunction<ObjectMapper, Type, ObjectReader> {

    @Override
    public ObjectReader apply(ObjectMapper mapper, Type type) {
        return mapper.readerFor(mapper.constructType(type)).with(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS);
    }
}
