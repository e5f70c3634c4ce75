package org.ssi.gateway;

import com.atlassian.oai.validator.OpenApiInteractionValidator;
import com.atlassian.oai.validator.model.Request;
import com.atlassian.oai.validator.model.SimpleResponse;
import com.atlassian.oai.validator.report.ValidationReport;
import com.atlassian.oai.validator.restassured.OpenApiValidationFilter;
import com.atlassian.oai.validator.restassured.RestAssuredResponse;
import io.restassured.RestAssured;
import io.restassured.filter.Filter;
import io.restassured.filter.FilterContext;
import io.restassured.response.Response;
import io.restassured.specification.FilterableRequestSpecification;
import io.restassured.specification.FilterableResponseSpecification;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;
import java.util.Set;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Checks every RestAssured exchange of a test class ({@code @ExtendWith(ContractValidation.class)}) with the
 * gateway's public paths ({@code /api/v1/…}, {@code /portal/config}, {@code /}) against the contract,
 * {@code api/openapi.yaml}: the request and the answer, with Atlassian's {@link OpenApiValidationFilter}. A violation
 * fails the test at once, with the validator's messages. Requests invalid on purpose go inside {@link #answersOnly}:
 * only their answers are checked.
 */
public final class ContractValidation implements BeforeEachCallback, AfterEachCallback {

    /**
     * A test whose requests are all invalid on purpose, or carry an invalid part beside what the test is about (a wrong
     * media type, a body or query the contract refuses): only the answers are checked. Say why.
     */
    @Retention(RetentionPolicy.RUNTIME)
    @Target(ElementType.METHOD)
    public @interface AnswersOnly {
        String value();
    }

    private static final ThreadLocal<Boolean> ANSWERS_ONLY = ThreadLocal.withInitial(() -> false);

    private static final OpenApiInteractionValidator VALIDATOR = validator();

    private static final Filter FILTER = new PublicContractFilter();

    private static final Set<String> NO_OPERATION = Set.of(
            "validation.request.path.missing",
            "validation.request.operation.notAllowed",
            "validation.response.path.missing",
            "validation.response.operation.notAllowed");

    /**
     * The swagger parser finds its extensions with the thread's context class loader, which under {@code @QuarkusTest}
     * is not the one that loaded the parser: it looks with the parser's own.
     */
    private static OpenApiInteractionValidator validator() {
        Thread thread = Thread.currentThread();
        ClassLoader context = thread.getContextClassLoader();
        thread.setContextClassLoader(OpenApiInteractionValidator.class.getClassLoader());
        try {
            return OpenApiInteractionValidator.createForSpecificationUrl(Path.of("..", "api", "openapi.yaml")
                            .toAbsolutePath()
                            .normalize()
                            .toUri()
                            .toString())
                    .build();
        } finally {
            thread.setContextClassLoader(context);
        }
    }

    @Override
    public void beforeEach(ExtensionContext context) {
        if (!RestAssured.filters().contains(FILTER)) {
            RestAssured.filters(FILTER);
        }
        // By name: under @QuarkusTest the test method's annotation may come from another class loader.
        boolean answersOnly = Arrays.stream(context.getRequiredTestMethod().getAnnotations())
                .anyMatch(a -> a.annotationType().getName().equals(AnswersOnly.class.getName()));
        ANSWERS_ONLY.set(answersOnly);
    }

    @Override
    public void afterEach(ExtensionContext context) {
        ANSWERS_ONLY.set(false);
    }

    /**
     * Runs {@code requests}, whose requests are invalid on purpose (a wrong media type, a malformed body or query):
     * only their answers are checked.
     */
    public static <T> T answersOnly(Supplier<T> requests) {
        boolean outer = ANSWERS_ONLY.get();
        ANSWERS_ONLY.set(true);
        try {
            return requests.get();
        } finally {
            ANSWERS_ONLY.set(outer);
        }
    }

    public static void answersOnly(Runnable requests) {
        answersOnly(() -> {
            requests.run();
            return null;
        });
    }

    /**
     * Checks the answer to a request a test sent with the JDK's HTTP client (a raw or malformed body RestAssured would
     * not send as is) against the contract; only the answer, as such a request is invalid on purpose.
     *
     * @return the answer, for the test's own assertions
     */
    public static HttpResponse<String> checkAnswer(HttpResponse<String> answer) {
        String path = answer.request().uri().getRawPath();
        if (!(path.startsWith("/api/v1/") || path.equals("/portal/config") || path.equals("/"))) {
            return answer;
        }
        SimpleResponse.Builder response =
                SimpleResponse.Builder.status(answer.statusCode()).withBody(answer.body());
        answer.headers().map().forEach(response::withHeader);
        ValidationReport report = VALIDATOR.validateResponse(
                path, Request.Method.valueOf(answer.request().method().toUpperCase(Locale.ROOT)), response.build());
        if (report.getMessages().stream().noneMatch(m -> NO_OPERATION.contains(m.getKey())) && report.hasErrors()) {
            throw new AssertionError("The answer to " + answer.request().method() + " " + path + " ("
                    + answer.statusCode() + ") breaks api/openapi.yaml:\n"
                    + report.getMessages().stream()
                            .filter(m -> m.getLevel() == ValidationReport.Level.ERROR)
                            .map(m -> "  [" + m.getKey() + "] " + m.getMessage())
                            .collect(Collectors.joining("\n"))
                    + "\n  answer: " + answer.body());
        }
        return answer;
    }

    private static final class PublicContractFilter implements Filter {

        private final OpenApiValidationFilter requestAndAnswer = new OpenApiValidationFilter(VALIDATOR);

        @Override
        public Response filter(
                FilterableRequestSpecification request,
                FilterableResponseSpecification responseSpecification,
                FilterContext context) {
            String path = URI.create(request.getURI()).getRawPath();
            if (!(path.startsWith("/api/v1/") || path.equals("/portal/config") || path.equals("/"))) {
                return context.next(request, responseSpecification);
            }
            if (!ANSWERS_ONLY.get()) {
                return requestAndAnswer.filter(request, responseSpecification, context);
            }
            Response response = context.next(request, responseSpecification);
            ValidationReport report = VALIDATOR.validateResponse(
                    path,
                    Request.Method.valueOf(request.getMethod().toUpperCase(Locale.ROOT)),
                    RestAssuredResponse.of(response));
            if (report.getMessages().stream().anyMatch(m -> NO_OPERATION.contains(m.getKey()))) {
                return response; // a path or method outside the contract on purpose: no operation to check against
            }
            if (report.hasErrors()) {
                throw new AssertionError("The answer to " + request.getMethod() + " " + path + " ("
                        + response.statusCode() + ") breaks api/openapi.yaml:\n"
                        + report.getMessages().stream()
                                .filter(m -> m.getLevel() == ValidationReport.Level.ERROR)
                                .map(m -> "  [" + m.getKey() + "] " + m.getMessage())
                                .collect(Collectors.joining("\n"))
                        + "\n  answer: " + response.asString());
            }
            return response;
        }
    }
}
