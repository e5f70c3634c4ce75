package org.ssi.activity.binding;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.ssi.problem.Problem.FieldError;

/** Binding refuses every value that does not fit its type, each by JSON pointer, and coerces nothing. */
class RecordBinderTest {

    enum Colour {
        RED,
        GREEN
    }

    @Expect("must be a thing")
    record Thing(
            @Expect(value = "must be a name", missing = "is required")
            String name,

            @Expect(value = "must be a count", nullable = false)
            Integer count,

            Boolean flag,
            Colour colour,

            @Expect(value = "must be a list of names", element = "must be a name")
            List<String> names,

            Optional<Integer> level,
            Part part) {}

    record Part(
            @Expect(value = "must be a size", nullable = false)
            Integer size) {}

    private static final ObjectMapper JSON = new ObjectMapper();

    private static Bound<Thing> bind(String json) {
        try {
            JsonNode node = JSON.readTree(json);
            return RecordBinder.bind(node, Thing.class);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static List<String> pointers(Bound<?> bound) {
        return bound.errors().stream().map(FieldError::pointer).toList();
    }

    @Test
    void binds_a_body_that_fits() {
        Bound<Thing> bound = bind("""
                {"name": "a", "count": 3, "flag": true, "colour": "RED", "names": ["x", "y"], "level": 2,
                 "part": {"size": 7}}""");
        assertTrue(bound.fits(), bound.errors().toString());
        assertEquals(
                new Thing("a", 3, true, Colour.RED, List.of("x", "y"), Optional.of(2), new Part(7)), bound.value());
    }

    @Test
    void coerces_no_scalar_into_another_type() {
        for (String json : List.of(
                "{\"name\": \"a\", \"count\": \"3\"}",
                "{\"name\": \"a\", \"count\": 2.5}",
                "{\"name\": \"a\", \"count\": 2.0}",
                "{\"name\": \"a\", \"count\": 1e2}",
                "{\"name\": \"a\", \"count\": true}",
                "{\"name\": \"a\", \"count\": 4294967297}",
                "{\"name\": \"a\", \"count\": 18446744073709551617}",
                "{\"name\": \"a\", \"count\": []}",
                "{\"name\": \"a\", \"count\": {}}")) {
            assertEquals(List.of("/count"), pointers(bind(json)), json);
        }
        for (String value : List.of("5", "5.5", "true", "[\"a\"]", "{}")) {
            assertEquals(List.of("/name"), pointers(bind("{\"name\": " + value + "}")), value);
        }
        for (String value : List.of("1", "0", "\"true\"", "\"\"", "[]", "{}")) {
            assertEquals(List.of("/flag"), pointers(bind("{\"name\": \"a\", \"flag\": " + value + "}")), value);
        }
        for (String value : List.of("0", "\"0\"", "\"\"", "\"red\"", "\"BLUE\"", "true", "[]")) {
            assertEquals(List.of("/colour"), pointers(bind("{\"name\": \"a\", \"colour\": " + value + "}")), value);
        }
    }

    @Test
    void reports_every_value_that_does_not_fit_not_only_the_first() {
        Bound<Thing> bound = bind("""
                {"colour": 3, "count": "3", "names": ["ok", 7, null, "fine"], "part": {"size": "big", "more": 1},
                 "extra": 1, "a/b~c": 2}""");
        assertEquals(
                List.of(
                        "/extra",
                        "/a~1b~0c",
                        "/name",
                        "/count",
                        "/colour",
                        "/names/1",
                        "/names/2",
                        "/part/more",
                        "/part/size"),
                pointers(bound));
        assertEquals("is required", bound.errors().get(2).detail());
        assertEquals("must be a name", bound.errors().get(5).detail());
        assertEquals(Arrays.asList("ok", null, null, "fine"), bound.value().names());
    }

    @Test
    void tells_null_from_absent_where_the_type_says_so() {
        assertEquals(List.of("/count"), pointers(bind("{\"name\": \"a\", \"count\": null}")));
        assertEquals(List.of("/name"), pointers(bind("{\"name\": null}")));
        Bound<Thing> nulls = bind("{\"name\": \"a\", \"flag\": null, \"level\": null, \"part\": null}");
        assertTrue(nulls.fits(), nulls.errors().toString());
        assertEquals(Optional.empty(), nulls.value().level());
        assertNull(bind("{\"name\": \"a\"}").value().level());
    }

    @Test
    void refuses_a_body_that_is_no_object_at_its_root() {
        for (String json : List.of("[1]", "\"a\"", "3", "null")) {
            Bound<Thing> bound = bind(json);
            assertNull(bound.value());
            assertEquals(List.of(new FieldError("", "must be a thing")), bound.errors(), json);
        }
        assertEquals(
                List.of(new FieldError("", "must be a thing")),
                Bound.nothing(Thing.class).errors());
    }
}
