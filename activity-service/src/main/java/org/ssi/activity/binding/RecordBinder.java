package org.ssi.activity.binding;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.cfg.CoercionAction;
import com.fasterxml.jackson.databind.cfg.CoercionInputShape;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.type.LogicalType;
import java.lang.reflect.Constructor;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;
import org.ssi.problem.Problem.FieldError;

/**
 * Binds a JSON body to a request record one member at a time, so that every value that does not fit its type is
 * reported by JSON pointer, not only the first one Jackson meets. The types say what they can: a member the record
 * does not name is refused, and no value is coerced (no string for a number or a boolean, no number for a string or
 * an enum, no fraction for an integer, no integer beyond an int, no empty string for an enum). What a type cannot
 * say (patterns, ranges, formats, rules between members) the services check on the bound record.
 */
public final class RecordBinder {

    static final String UNKNOWN_FIELD = "is not a known field";

    /** Reads one scalar value; nothing is coerced into another type. */
    private static final ObjectMapper STRICT = JsonMapper.builder()
            .disable(MapperFeature.ALLOW_COERCION_OF_SCALARS)
            .disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            .enable(DeserializationFeature.FAIL_ON_NUMBERS_FOR_ENUMS)
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .withCoercionConfigDefaults(config -> config.setAcceptBlankAsEmpty(false)
                    .setCoercion(CoercionInputShape.EmptyString, CoercionAction.Fail)
                    .setCoercion(CoercionInputShape.EmptyArray, CoercionAction.Fail)
                    .setCoercion(CoercionInputShape.EmptyObject, CoercionAction.Fail))
            .withCoercionConfig(
                    LogicalType.Textual,
                    config -> config.setCoercion(CoercionInputShape.Integer, CoercionAction.Fail)
                            .setCoercion(CoercionInputShape.Float, CoercionAction.Fail)
                            .setCoercion(CoercionInputShape.Boolean, CoercionAction.Fail))
            .build();

    /** What binding needs of a record type, found by reflection once. */
    private record Shape(RecordComponent[] components, List<String> names, Constructor<?> canonical) {}

    private static final ClassValue<Shape> SHAPES = new ClassValue<>() {
        @Override
        protected Shape computeValue(Class<?> type) {
            RecordComponent[] components = type.getRecordComponents();
            Class<?>[] types =
                    Arrays.stream(components).map(RecordComponent::getType).toArray(Class<?>[]::new);
            try {
                Constructor<?> canonical = type.getDeclaredConstructor(types);
                canonical.setAccessible(true);
                return new Shape(
                        components,
                        Arrays.stream(components).map(RecordComponent::getName).toList(),
                        canonical);
            } catch (ReflectiveOperationException e) {
                throw new IllegalStateException("The request record " + type.getSimpleName() + " cannot be made", e);
            }
        }
    };

    private static final Map<Type, ObjectReader> READERS = new ConcurrentHashMap<>();

    private RecordBinder() {}

    /** Binds a whole body (null when there was none) to a request record. */
    public static <T> Bound<T> bind(JsonNode body, Class<T> type) {
        List<FieldError> errors = new ArrayList<>();
        Object value = bind(body, type, "", expected(type), errors);
        return new Bound<>(type.cast(value), errors);
    }

    /**
     * Binds one object of a body (a line of an import, say) to a record, adding what does not fit to {@code errors}
     * with pointers under {@code at}.
     */
    public static <T> T bind(JsonNode node, Class<T> type, String at, List<FieldError> errors) {
        return type.cast(bind(node, type, at, expected(type), errors));
    }

    private static Object bind(JsonNode node, Type type, String at, String expected, List<FieldError> errors) {
        Class<?> raw = raw(type);
        if (raw.isRecord()) {
            return record(node, raw, at, expected, errors);
        }
        if (raw == List.class) {
            return list(node, type, at, expected, expected, errors);
        }
        return scalar(node, type, at, expected, errors);
    }

    private static Object record(JsonNode node, Class<?> type, String at, String expected, List<FieldError> errors) {
        if (node == null || !node.isObject()) {
            errors.add(new FieldError(at, expected));
            return null;
        }
        Shape shape = SHAPES.get(type);
        RecordComponent[] components = shape.components();
        List<String> names = shape.names();
        for (Iterator<String> fields = node.fieldNames(); fields.hasNext(); ) {
            String field = fields.next();
            if (!names.contains(field)) {
                errors.add(new FieldError(at + "/" + escape(field), UNKNOWN_FIELD));
            }
        }
        Object[] values = new Object[components.length];
        for (int i = 0; i < components.length; i++) {
            values[i] = component(node.get(components[i].getName()), components[i], at, errors);
        }
        return construct(type, shape.canonical(), values);
    }

    private static Object component(JsonNode node, RecordComponent component, String at, List<FieldError> errors) {
        Class<?> raw = component.getType();
        Expect expect = component.getAnnotation(Expect.class);
        Class<?> valueType = raw == Optional.class ? raw(elementType(component.getGenericType())) : raw;
        String expected = expect != null ? expect.value() : expected(valueType);
        String pointer = at + "/" + escape(component.getName());
        if (raw == Optional.class) {
            return optional(node, component.getGenericType(), pointer, expected, errors);
        }
        if (node == null || node.isNull()) {
            if (expect != null && !expect.missing().isEmpty()) {
                errors.add(new FieldError(pointer, expect.missing()));
            } else if (node != null && expect != null && !expect.nullable()) {
                errors.add(new FieldError(pointer, expected));
            }
            return absent(raw);
        }
        if (raw == List.class) {
            String element = expect != null && !expect.element().isEmpty()
                    ? expect.element()
                    : expected(raw(elementType(component.getGenericType())));
            return list(node, component.getGenericType(), pointer, expected, element, errors);
        }
        Object value = bind(node, component.getGenericType(), pointer, expected, errors);
        return value == null ? absent(raw) : value;
    }

    /**
     * An {@code Optional} member tells an absent member (null) from one given as {@code null} (empty); a value that
     * does not fit is reported and reads as empty.
     */
    private static Optional<Object> optional(
            JsonNode node, Type type, String pointer, String expected, List<FieldError> errors) {
        if (node == null) {
            return null;
        }
        if (node.isNull()) {
            return Optional.empty();
        }
        return Optional.ofNullable(bind(node, elementType(type), pointer, expected, errors));
    }

    /** A list keeps an element that does not fit as null, so that the indexes of the others still match the body. */
    private static List<Object> list(
            JsonNode node, Type type, String at, String expected, String element, List<FieldError> errors) {
        if (node == null || !node.isArray()) {
            errors.add(new FieldError(at, expected));
            return null;
        }
        Type elementType = elementType(type);
        List<Object> values = new ArrayList<>(node.size());
        for (int i = 0; i < node.size(); i++) {
            JsonNode item = node.get(i);
            if (item.isNull()) {
                errors.add(new FieldError(at + "/" + i, element));
                values.add(null);
            } else {
                values.add(bind(item, elementType, at + "/" + i, element, errors));
            }
        }
        return java.util.Collections.unmodifiableList(values);
    }

    private static Object scalar(JsonNode node, Type type, String at, String expected, List<FieldError> errors) {
        if (node == null || node.isNull()) {
            errors.add(new FieldError(at, expected));
            return null;
        }
        // what the strict reader takes as it is, without asking it (the import binds millions of values)
        if (type == String.class && node.isTextual()) {
            return node.textValue();
        }
        if (type == Boolean.class && node.isBoolean()) {
            return node.booleanValue();
        }
        if (type == Integer.class && node.isInt()) {
            return node.intValue();
        }
        try {
            return READERS.computeIfAbsent(type, key -> STRICT.readerFor(STRICT.constructType(key)))
                    .readValue(node);
        } catch (JsonProcessingException | IllegalArgumentException e) {
            errors.add(new FieldError(at, expected));
            return null;
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static Object construct(Class<?> type, Constructor<?> canonical, Object[] values) {
        try {
            return canonical.newInstance(values);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("The request record " + type.getSimpleName() + " refused its values", e);
        }
    }

    /** What an absent member binds to: null, or a primitive's zero. */
    private static Object absent(Class<?> type) {
        if (type == boolean.class) {
            return false;
        }
        if (type == int.class) {
            return 0;
        }
        if (type == long.class) {
            return 0L;
        }
        if (type.isPrimitive()) {
            throw new IllegalStateException("No absent value for " + type);
        }
        return null;
    }

    private static String expected(Class<?> type) {
        Expect expect = type.getAnnotation(Expect.class);
        if (expect != null) {
            return expect.value();
        }
        if (type.isRecord()) {
            return "must be an object";
        }
        if (type == List.class) {
            return "must be an array";
        }
        if (type == String.class) {
            return "must be a string";
        }
        if (type == Boolean.class || type == boolean.class) {
            return "must be a boolean";
        }
        if (type == Integer.class || type == int.class || type == Long.class || type == long.class) {
            return "must be an integer";
        }
        if (type.isEnum()) {
            return "must be one of "
                    + Arrays.stream(type.getEnumConstants())
                            .map(constant -> ((Enum<?>) constant).name())
                            .collect(Collectors.joining(", "));
        }
        return "is not valid";
    }

    private static Class<?> raw(Type type) {
        if (type instanceof Class<?> raw) {
            return raw;
        }
        if (type instanceof ParameterizedType parameterized) {
            return (Class<?>) parameterized.getRawType();
        }
        throw new IllegalStateException("A request record cannot hold a " + type);
    }

    private static Type elementType(Type listType) {
        if (listType instanceof ParameterizedType parameterized) {
            return parameterized.getActualTypeArguments()[0];
        }
        throw new IllegalStateException("A request record's list names its element type: " + listType);
    }

    /** A member name as a JSON pointer token (RFC 6901). */
    public static String escape(String name) {
        return name.replace("~", "~0").replace("/", "~1");
    }
}
