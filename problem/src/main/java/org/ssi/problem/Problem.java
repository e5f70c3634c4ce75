package org.ssi.problem;

import com.fasterxml.jackson.annotation.JsonAnyGetter;
import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;
import java.util.Map;
import org.ssi.requestid.RequestId;

/**
 * An RFC 9457 problem detail, the body of every error answer of the suite.
 *
 * @param type a {@code urn:ssi:problem:*} URI naming the kind of problem
 * @param errors for validation problems, one entry per bad field, by JSON pointer
 * @param extensions further members, such as {@code minimumSize} of a withheld group
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Problem(
        String type,
        String title,
        int status,
        String detail,
        List<FieldError> errors,
        @JsonInclude(JsonInclude.Include.NON_EMPTY) Map<String, Object> extensions) {

    public static final String MEDIA_TYPE = "application/problem+json";

    /** The extension member that names the request the problem answers, as its {@code X-Request-Id} does. */
    public static final String REQUEST_ID = "requestId";

    /** One bad value in a request body, located by an RFC 6901 JSON pointer. */
    public record FieldError(String pointer, String detail) {}

    public static Problem of(ProblemType type, String detail) {
        return new Problem(type.uri(), type.title(), type.status(), detail, null, Map.of());
    }

    /**
     * A framework's error of a status the catalogue has no type for (408, 411, 412, 416, ...): {@code about:blank}
     * with the status's reason phrase as title (RFC 9457 section 4.2.1), so that the client sees the real status.
     */
    public static Problem ofStatus(int status, String reasonPhrase, String detail) {
        return new Problem("about:blank", reasonPhrase, status, detail, null, Map.of());
    }

    public static Problem invalid(String detail, List<FieldError> errors) {
        ProblemType type = ProblemType.VALIDATION;
        return new Problem(type.uri(), type.title(), type.status(), detail, List.copyOf(errors), Map.of());
    }

    public Problem with(String name, Object value) {
        var more = new java.util.LinkedHashMap<>(extensions);
        more.put(name, value);
        return new Problem(type, title, status, detail, errors, Map.copyOf(more));
    }

    /**
     * This problem naming the request being served ({@link #REQUEST_ID}), so that a caller's report of it leads to
     * the request's log lines; as it is outside any request.
     */
    public Problem ofCurrentRequest() {
        String requestId = RequestId.current();
        return requestId == null || extensions.containsKey(REQUEST_ID) ? this : with(REQUEST_ID, requestId);
    }

    @JsonAnyGetter
    Map<String, Object> extensionMembers() {
        return extensions;
    }

    /** Kept out of the JSON as a property: its members are written at the top level. */
    @Override
    @com.fasterxml.jackson.annotation.JsonIgnore
    public Map<String, Object> extensions() {
        return extensions;
    }
}
