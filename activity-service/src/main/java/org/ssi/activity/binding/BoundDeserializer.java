package org.ssi.activity.binding;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.BeanProperty;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.deser.ContextualDeserializer;
import java.io.IOException;

/**
 * Reads a {@link Bound} body as the service's mapper reads any body (one document, each member once: {@code
 * StrictJson}), then binds it to its record with {@link RecordBinder}.
 */
class BoundDeserializer extends JsonDeserializer<Bound<?>> implements ContextualDeserializer {

    private final Class<?> type;

    BoundDeserializer() {
        this(null);
    }

    private BoundDeserializer(Class<?> type) {
        this.type = type;
    }

    @Override
    public JsonDeserializer<?> createContextual(DeserializationContext context, BeanProperty property) {
        JavaType bound = property == null ? context.getContextualType() : property.getType();
        if (bound == null || bound.containedTypeCount() != 1) {
            throw new IllegalStateException("A Bound body names the record it binds: Bound<SomeRequest>");
        }
        return new BoundDeserializer(bound.containedType(0).getRawClass());
    }

    @Override
    public Bound<?> deserialize(JsonParser parser, DeserializationContext context) throws IOException {
        JsonNode body = context.readTree(parser);
        return RecordBinder.bind(body, type);
    }

    @Override
    public Bound<?> getNullValue(DeserializationContext context) {
        return RecordBinder.bind(null, type);
    }
}
