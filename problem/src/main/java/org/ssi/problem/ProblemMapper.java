package org.ssi.problem;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.exc.StreamReadException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.ForbiddenException;
import io.quarkus.security.UnauthorizedException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import java.net.ConnectException;
import java.util.List;
import java.util.Map;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;
import org.ssi.rules.DayRange;

/** Turns every error into {@code application/problem+json}; a stack trace never leaves the service. */
public class ProblemMapper {

    private static final Logger LOG = Logger.getLogger(ProblemMapper.class);
    private static final String RETRY_AFTER_SECONDS = "5";

    private final ObjectMapper json;

    public ProblemMapper(ObjectMapper json) {
        this.json = json;
    }

    @ServerExceptionMapper
    public Response problem(ProblemException e) {
        return respond(e.problem());
    }

    @ServerExceptionMapper
    public Response unauthorized(UnauthorizedException e) {
        return challenge("A valid bearer token is required");
    }

    @ServerExceptionMapper
    public Response authenticationFailed(AuthenticationFailedException e) {
        if (causedByUnreachableProvider(e)) {
            return unavailable("The identity provider cannot be reached");
        }
        return challenge("The bearer token is not valid");
    }

    @ServerExceptionMapper
    public Response forbidden(ForbiddenException e) {
        return respond(Problem.of(ProblemType.FORBIDDEN, "Your roles do not allow this request"));
    }

    /** A {@code from}/{@code to} that gives no range: 422 with a pointer per bad query parameter. */
    @ServerExceptionMapper
    public Response invalidRange(DayRange.Invalid e) {
        return respond(Problem.invalid(
                e.getMessage(),
                e.faults().stream()
                        .map(fault -> new Problem.FieldError("/" + fault.parameter(), fault.message()))
                        .toList()));
    }

    @ServerExceptionMapper
    public Response malformed(JsonProcessingException e) {
        String detail = "The body is not valid JSON: " + e.getOriginalMessage();
        String pointer = duplicatePointer(e);
        if (pointer != null) {
            ProblemType type = ProblemType.MALFORMED_REQUEST;
            return respond(new Problem(
                    type.uri(),
                    type.title(),
                    type.status(),
                    detail,
                    List.of(new Problem.FieldError(pointer, "appears more than once")),
                    Map.of()));
        }
        return respond(Problem.of(ProblemType.MALFORMED_REQUEST, detail));
    }

    /** Where a member given twice is ({@link StrictJson}), as a JSON pointer; null for any other error. */
    private static String duplicatePointer(JsonProcessingException e) {
        if (e instanceof StreamReadException read
                && read.getProcessor() != null
                && String.valueOf(e.getOriginalMessage()).startsWith("Duplicate field")) {
            return read.getProcessor().getParsingContext().pathAsPointer().toString();
        }
        return null;
    }

    /**
     * Quarkus answers a body that does not fit its type (or has content after it) with a bare 400 of its own, which
     * is more specific than {@link #malformed}: the same problem here.
     */
    @ServerExceptionMapper
    public Response mismatched(MismatchedInputException e) {
        return malformed(e);
    }

    @ServerExceptionMapper
    public Response web(WebApplicationException e) {
        int status = e.getResponse().getStatus();
        // Quarkus REST reports a body Jackson refused as a 400 whose cause says why (a member given twice, ...)
        if (status == 400 && e.getCause() instanceof JsonProcessingException json) {
            return malformed(json);
        }
        if (status == 401) {
            return challenge("A valid bearer token is required");
        }
        if (status >= 500) {
            LOG.error("Request failed", e);
        }
        if (status >= 500) {
            return respond(Problem.of(ProblemType.INTERNAL, "Internal error"));
        }
        // a status the catalogue has no type for keeps its status rather than becoming a 400
        return respond(ProblemType.forStatus(status)
                .map(type -> Problem.of(type, e.getMessage()))
                .orElseGet(() ->
                        Problem.ofStatus(status, e.getResponse().getStatusInfo().getReasonPhrase(), e.getMessage())));
    }

    @ServerExceptionMapper
    public Response unexpected(Throwable e) {
        if (causedByUnreachableProvider(e)) {
            LOG.warn("The identity provider is unavailable: " + e.getMessage());
            return unavailable("The identity provider cannot be reached");
        }
        if (rootCause(e) instanceof ConnectException) {
            LOG.warn("A dependency is unavailable: " + e.getMessage());
            return unavailable("A service this answer depends on is unavailable");
        }
        LOG.error("Unexpected error", e);
        return respond(Problem.of(ProblemType.INTERNAL, "Internal error; it has been logged"));
    }

    private Response challenge(String detail) {
        return Response.fromResponse(respond(Problem.of(ProblemType.UNAUTHORIZED, detail)))
                .header(HttpHeaders.WWW_AUTHENTICATE, "Bearer")
                .build();
    }

    private Response unavailable(String detail) {
        return respond(Problem.of(ProblemType.UNAVAILABLE, detail));
    }

    /**
     * Writes the problem as a string so that no content negotiation can turn the error into another error; a 503
     * tells the client when to retry. The problem names its request ({@code requestId}, as in the answer's
     * {@code X-Request-Id} and the logs), so that a caller's report leads to the log lines of the request.
     */
    public Response respond(Problem problem) {
        return write(problem.ofCurrentRequest());
    }

    private Response write(Problem problem) {
        try {
            Response.ResponseBuilder response =
                    Response.status(problem.status()).type(Problem.MEDIA_TYPE).entity(json.writeValueAsString(problem));
            if (problem.status() == ProblemType.UNAVAILABLE.status()) {
                response.header(HttpHeaders.RETRY_AFTER, RETRY_AFTER_SECONDS);
            }
            return response.build();
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("A problem detail could not be written", e);
        }
    }

    /**
     * Quarkus OIDC reports a provider it cannot reach as an {@code OIDCException} "OIDC Server is not available", on
     * its own or inside an authentication failure, with or without the connection error as its cause.
     */
    private static boolean causedByUnreachableProvider(Throwable e) {
        Throwable cause = e;
        for (int depth = 0; cause != null && depth < 20; depth++) {
            if (cause.getClass().getName().equals("io.quarkus.oidc.OIDCException")
                    && String.valueOf(cause.getMessage())
                            .toLowerCase(java.util.Locale.ROOT)
                            .contains("not available")) {
                return true;
            }
            if (cause instanceof AuthenticationFailedException && cause.getCause() instanceof ConnectException) {
                return true;
            }
            cause = cause.getCause() == cause ? null : cause.getCause();
        }
        return e instanceof AuthenticationFailedException && rootCause(e) instanceof ConnectException;
    }

    private static Throwable rootCause(Throwable e) {
        Throwable cause = e;
        while (cause.getCause() != null && cause.getCause() != cause) {
            cause = cause.getCause();
        }
        return cause;
    }
}
