package org.ssi.problem;

/** The problem types of the public contract (design/api.md). */
public enum ProblemType {
    MALFORMED_REQUEST("malformed-request", "The request is malformed", 400),
    UNAUTHORIZED("unauthorized", "A valid bearer token is required", 401),
    FORBIDDEN("forbidden", "The token does not grant this", 403),
    GROUP_TOO_SMALL("group-too-small", "The group has fewer scored members than may be shown", 403),
    GROUP_DIFFERENCE_TOO_SMALL(
            "group-difference-too-small", "The group differs too little from another group you can view", 403),
    NOT_FOUND("not-found", "Not found", 404),
    METHOD_NOT_ALLOWED("method-not-allowed", "Method not allowed", 405),
    NOT_ACCEPTABLE("not-acceptable", "No acceptable representation", 406),
    CONFLICT("conflict", "The request conflicts with what is stored", 409),
    PAYLOAD_TOO_LARGE("payload-too-large", "The request is too large", 413),
    URI_TOO_LONG("uri-too-long", "The request target is too long", 414),
    UNSUPPORTED_MEDIA_TYPE("unsupported-media-type", "The body must be application/json", 415),
    VALIDATION("validation", "The request is not valid", 422),
    TOO_MANY_REQUESTS("too-many-requests", "Too many requests; retry after the time given", 429),
    HEADERS_TOO_LARGE("headers-too-large", "The request headers are too large", 431),
    INTERNAL("internal", "Internal error", 500),
    UNAVAILABLE("unavailable", "A service the answer depends on is unavailable; retry later", 503);

    private final String name;
    private final String title;
    private final int status;

    ProblemType(String name, String title, int status) {
        this.name = name;
        this.title = title;
        this.status = status;
    }

    public String uri() {
        return "urn:ssi:problem:" + name;
    }

    public String title() {
        return title;
    }

    public int status() {
        return status;
    }

    /**
     * The generic type for an HTTP status, for errors raised by the framework; empty for a status the catalogue has
     * no type for (the answer then keeps its status as {@code about:blank}, RFC 9457 section 4.2.1).
     */
    public static java.util.Optional<ProblemType> forStatus(int status) {
        for (ProblemType type : values()) {
            if (type.status == status && type != GROUP_TOO_SMALL && type != GROUP_DIFFERENCE_TOO_SMALL) {
                return java.util.Optional.of(type);
            }
        }
        return java.util.Optional.empty();
    }
}
