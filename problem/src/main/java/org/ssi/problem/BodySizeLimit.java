package org.ssi.problem;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.vertx.http.runtime.RouteConstants;
import io.quarkus.vertx.http.runtime.VertxHttpRecorder;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.List;

/**
 * Answers a body over the limit with a 413 {@code application/problem+json}.
 *
 * <p>Quarkus's own limit ({@code quarkus.http.limits.max-body-size}, at {@link RouteConstants#ROUTE_ORDER_UPLOAD_LIMIT})
 * ends such a request with an empty 413 that no exception mapper sees, and for a chunked body closes the connection
 * before most clients read the answer. So this route runs just ahead of it: a declared {@code Content-Length} over
 * the limit is answered here, before anything reads the body; a body without a length (chunked) is counted as it is
 * read, by {@link BodySizeInterceptor}, which fails with the same problem. Bulk paths ({@link BodyLimitsConfig}) are
 * held to Quarkus's limit, every other path to {@code ssi.http.max-body-size}.
 */
@ApplicationScoped
public class BodySizeLimit {

    /** The routing-context key under which the limit of a body without a declared length is kept. */
    static final String LIMIT_KEY = "org.ssi.problem.body-limit";

    /** How much of a refused body is read and discarded so that the client sees the answer. */
    static final long DRAIN_BYTES = 64L * 1024 * 1024;

    static final long DRAIN_MILLIS = 30_000;

    private final long ordinaryLimit;
    private final long bulkLimit;
    private final List<String> bulkPaths;
    private final String ordinaryAnswer;
    private final String bulkAnswer;

    public BodySizeLimit(BodyLimitsConfig config, ObjectMapper json) throws JsonProcessingException {
        this.bulkLimit = config.bulkMaxBodySize().asLongValue();
        this.ordinaryLimit = Math.min(config.maxBodySize().asLongValue(), bulkLimit);
        this.bulkPaths = config.bulkPaths().orElse(List.of());
        this.ordinaryAnswer = json.writeValueAsString(tooLarge(ordinaryLimit).problem());
        this.bulkAnswer = json.writeValueAsString(tooLarge(bulkLimit).problem());
    }

    void install(@Observes Router router) {
        router.route().order(RouteConstants.ROUTE_ORDER_UPLOAD_LIMIT - 1).handler(this::checkDeclaredLength);
        router.route().order(RouteConstants.ROUTE_ORDER_UPLOAD_LIMIT + 1).handler(this::limitUndeclaredLength);
    }

    /** The problem for a body over the limit given, in bytes. */
    public ProblemException tooLarge(long limit) {
        return new ProblemException(ProblemType.PAYLOAD_TOO_LARGE, detail(limit));
    }

    private void checkDeclaredLength(RoutingContext context) {
        String declared = context.request().getHeader(HttpHeaders.CONTENT_LENGTH);
        if (declared != null) {
            boolean bulk = isBulk(context);
            long length = parseLength(declared);
            if (length > (bulk ? bulkLimit : ordinaryLimit)) {
                refuse(context, bulk);
                return;
            }
        }
        context.next();
    }

    /**
     * Runs after Quarkus has set its own limit for a body without a length, and replaces it with the one of the path,
     * which {@link BodySizeInterceptor} enforces as the body is read.
     */
    private void limitUndeclaredLength(RoutingContext context) {
        if (context.request().getHeader(HttpHeaders.CONTENT_LENGTH) == null) {
            context.remove(VertxHttpRecorder.MAX_REQUEST_SIZE_KEY);
            context.put(LIMIT_KEY, isBulk(context) ? bulkLimit : ordinaryLimit);
        }
        context.next();
    }

    private boolean isBulk(RoutingContext context) {
        String path = context.normalizedPath();
        for (String prefix : bulkPaths) {
            if (path.startsWith(prefix)) {
                return true;
            }
        }
        return false;
    }

    /** A length that is not a number is not ours to judge: Vert.x has already refused it or will. */
    private static long parseLength(String declared) {
        try {
            return Long.parseLong(declared.trim());
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    /**
     * Most clients send the whole body before they read the answer: closing the connection while they still send
     * would leave them with a broken pipe instead of the 413. So the rest of the body is read and discarded (up to
     * {@value #DRAIN_BYTES} bytes or {@value #DRAIN_MILLIS} ms, after which the connection is closed anyway), then
     * the problem is sent and the connection closed.
     */
    private void refuse(RoutingContext context, boolean bulk) {
        HttpServerRequest request = context.request();
        HttpServerResponse response = context.response();
        response.setStatusCode(ProblemType.PAYLOAD_TOO_LARGE.status());
        response.putHeader(HttpHeaders.CONTENT_TYPE, Problem.MEDIA_TYPE);
        response.putHeader(HttpHeaders.CONNECTION, "close");
        response.endHandler(ignored -> request.connection().close());
        String answer = bulk ? bulkAnswer : ordinaryAnswer;
        if (request.isEnded()) {
            response.end(answer);
            return;
        }
        long[] drained = {0};
        long timer = context.vertx().setTimer(DRAIN_MILLIS, ignored -> answer(response, answer));
        request.handler(buffer -> {
            drained[0] += buffer.length();
            if (drained[0] > DRAIN_BYTES) {
                context.vertx().cancelTimer(timer);
                answer(response, answer);
            }
        });
        request.exceptionHandler(ignored -> request.connection().close());
        request.endHandler(ignored -> {
            context.vertx().cancelTimer(timer);
            answer(response, answer);
        });
        request.resume();
    }

    private static void answer(HttpServerResponse response, String answer) {
        if (!response.ended() && !response.closed()) {
            response.end(answer);
        }
    }

    private static String detail(long limit) {
        return "A request body may hold at most " + describe(limit);
    }

    static String describe(long bytes) {
        long mebibyte = 1024L * 1024;
        return bytes % mebibyte == 0 ? bytes / mebibyte + " MiB" : bytes + " bytes";
    }
}
