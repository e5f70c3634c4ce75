package org.ssi.e2e;

import com.atlassian.oai.validator.OpenApiInteractionValidator;
import com.atlassian.oai.validator.model.Request;
import com.atlassian.oai.validator.model.SimpleRequest;
import com.atlassian.oai.validator.model.SimpleResponse;
import com.atlassian.oai.validator.report.ValidationReport;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.ssi.devstack.Http;

/**
 * Checks every exchange of the end-to-end suite with a gateway against the public contract, {@code api/openapi.yaml}
 * (system property {@code ssi.contract}), with Atlassian's swagger-request-validator: the request (method, path,
 * query, headers, body) and the answer (status, headers, body). Only the gateways the tests register
 * ({@link #gateway}) and only the paths of the contract ({@code /api/v1/…}, {@code /portal/config}, {@code /}) are
 * checked: tokens from Keycloak and calls to the internal services are not the public contract.
 *
 * <p>A violation fails the exchange's test at once, with the operation, the
 * status and the validator's messages ({@code -Dssi.contract.fail-fast=false} records them instead, to see them all in
 * one run), and the run fails if any was recorded. As a JUnit extension (registered for every class by
 * {@code META-INF/services}), it prints at the end of the run how many exchanges it checked and how many violations.
 */
public final class ContractCheck implements BeforeAllCallback {

    private static final Set<String> GATEWAYS = ConcurrentHashMap.newKeySet();
    private static final ThreadLocal<Boolean> ANSWERS_ONLY = ThreadLocal.withInitial(() -> false);
    private static final AtomicLong CHECKED = new AtomicLong();
    private static final AtomicLong ANSWERS_CHECKED = new AtomicLong();
    private static final AtomicLong OUTSIDE = new AtomicLong();
    private static final List<String> VIOLATIONS = new CopyOnWriteArrayList<>();
    /**
     * Whether a violation fails the build: on unless {@code -Dssi.contract.enforce=false}, which only records them,
     * sums them up and writes them to {@code target/contract-violations.txt}.
     */
    private static final boolean ENFORCE = Boolean.parseBoolean(System.getProperty("ssi.contract.enforce", "true"));

    private static final boolean FAIL_FAST =
            ENFORCE && Boolean.parseBoolean(System.getProperty("ssi.contract.fail-fast", "true"));

    /**
     * Messages that do not say the exchange breaks the contract, only that the validator cannot tell, for an answer
     * whose request is outside the contract on purpose (a hostile path or method): there is no operation to check the
     * answer against.
     */
    private static final Set<String> NO_OPERATION = Set.of(
            "validation.request.path.missing",
            "validation.request.operation.notAllowed",
            "validation.response.path.missing",
            "validation.response.operation.notAllowed");

    /** The gateway's codec limit on a request line, {@code quarkus.http.limits.max-initial-line-length}. */
    private static final int CODEC_LINE_LIMIT = 16 * 1024 - "GET  HTTP/1.1".length();

    private static volatile OpenApiInteractionValidator validator;

    /** An exchange as the test saw it: what it sent and what it got. */
    record Exchange(
            String method,
            URI uri,
            Map<String, List<String>> requestHeaders,
            String requestBody,
            int status,
            Map<String, List<String>> responseHeaders,
            String responseBody) {

        String describe() {
            return method + " " + uri.getRawPath() + (uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery()) + " -> "
                    + status;
        }
    }

    /**
     * Checks the exchanges with the gateway at {@code baseUrl} from now on, those of {@link Http} included (its client
     * is wrapped once in a {@link ContractCheckedHttpClient}).
     */
    static synchronized void gateway(String baseUrl) {
        if (GATEWAYS.isEmpty()) {
            Http.wrapClient(ContractCheckedHttpClient::wrap);
        }
        GATEWAYS.add(URI.create(baseUrl).getRawAuthority());
    }

    /** Whether an exchange with this address is one of the public contract. */
    static boolean covers(URI uri) {
        if (!GATEWAYS.contains(uri.getRawAuthority())) {
            return false;
        }
        String path = uri.getRawPath();
        return path.startsWith("/api/v1/") || path.equals("/portal/config") || path.equals("/");
    }

    /**
     * Runs {@code requests}, whose requests are invalid on purpose (malformed bodies, wrong media types, fields out of
     * range): only their answers are checked against the contract.
     */
    static <T> T answersOnly(Supplier<T> requests) {
        boolean outer = ANSWERS_ONLY.get();
        ANSWERS_ONLY.set(true);
        try {
            return requests.get();
        } finally {
            ANSWERS_ONLY.set(outer);
        }
    }

    static void answersOnly(Runnable requests) {
        answersOnly(() -> {
            requests.run();
            return null;
        });
    }

    /** Checks an exchange the test meant to be valid, or only its answer inside {@link #answersOnly}. */
    static void check(Exchange exchange) {
        check(exchange, false);
    }

    /** Checks an exchange; of a request invalid on purpose ({@code invalidRequest}), only the answer. */
    static void check(Exchange exchange, boolean invalidRequest) {
        if (!covers(exchange.uri())) {
            return;
        }
        boolean answerOnly = invalidRequest || ANSWERS_ONLY.get();
        Request.Method method = Request.Method.valueOf(exchange.method().toUpperCase(Locale.ROOT));
        SimpleResponse response = response(exchange);
        ValidationReport report;
        if (answerOnly) {
            report = validator().validateResponse(exchange.uri().getRawPath(), method, response);
            if (report.getMessages().stream().anyMatch(m -> NO_OPERATION.contains(m.getKey()))) {
                OUTSIDE.incrementAndGet();
                return;
            }
            ANSWERS_CHECKED.incrementAndGet();
        } else {
            report = validator().validate(request(exchange, method), response);
            CHECKED.incrementAndGet();
        }
        boolean refused = exchange.status() >= 400 && exchange.status() < 500;
        if (refused && report.getMessages().stream().anyMatch(m -> NO_OPERATION.contains(m.getKey()))) {
            // A path or method outside the contract (a traversal, a matrix parameter), refused: as it should be.
            OUTSIDE.incrementAndGet();
            return;
        }
        if (isBeyondTheCodec(exchange)) {
            return;
        }
        List<String> errors = report.getMessages().stream()
                .filter(m -> m.getLevel() == ValidationReport.Level.ERROR)
                // A request the contract does not allow, refused with a 4xx, is the contract kept; its answer is
                // still checked. Accepted (2xx), it is a violation.
                .filter(m -> !(refused && m.getKey().startsWith("validation.request.")))
                .map(m -> "  [" + m.getKey() + "] " + m.getMessage().replace("\n", " "))
                .collect(Collectors.toList());
        if (errors.isEmpty()) {
            return;
        }
        String body = exchange.responseBody() == null ? "" : exchange.responseBody();
        String violation = "The exchange " + exchange.describe() + (answerOnly ? " (answer only)" : "")
                + " breaks api/openapi.yaml:\n" + String.join("\n", errors) + "\n  answer: "
                + (body.length() > 400 ? body.substring(0, 400) + "…" : body);
        VIOLATIONS.add(violation);
        if (FAIL_FAST) {
            throw new AssertionError(violation);
        }
    }

    /**
     * A request line beyond the HTTP codec's own limit (16 KiB) gets the codec's empty 414 before the gateway sees it,
     * as api/openapi.yaml's {@code UriTooLong} says; the contract's problem body is for lines up to that limit.
     */
    private static boolean isBeyondTheCodec(Exchange exchange) {
        String target = exchange.uri().getRawPath()
                + (exchange.uri().getRawQuery() == null
                        ? ""
                        : "?" + exchange.uri().getRawQuery());
        return exchange.status() == 414
                && (exchange.responseBody() == null || exchange.responseBody().isEmpty())
                && target.length() > CODEC_LINE_LIMIT;
    }

    private static SimpleRequest request(Exchange exchange, Request.Method method) {
        SimpleRequest.Builder request =
                new SimpleRequest.Builder(method, exchange.uri().getRawPath());
        exchange.requestHeaders().forEach(request::withHeader);
        String query = exchange.uri().getRawQuery();
        if (query != null && !query.isEmpty()) {
            Map<String, List<String>> parameters = new java.util.LinkedHashMap<>();
            for (String pair : query.split("&")) {
                int equals = pair.indexOf('=');
                String name = decode(equals < 0 ? pair : pair.substring(0, equals));
                String value = equals < 0 ? "" : decode(pair.substring(equals + 1));
                parameters.computeIfAbsent(name, n -> new ArrayList<>()).add(value);
            }
            parameters.forEach(request::withQueryParam);
        }
        if (exchange.requestBody() != null) {
            request.withBody(exchange.requestBody());
        }
        return request.build();
    }

    private static SimpleResponse response(Exchange exchange) {
        SimpleResponse.Builder response = new SimpleResponse.Builder(exchange.status());
        exchange.responseHeaders().forEach(response::withHeader);
        if (exchange.responseBody() != null && !exchange.responseBody().isEmpty()) {
            response.withBody(exchange.responseBody());
        }
        return response.build();
    }

    private static String decode(String value) {
        return URLDecoder.decode(value, StandardCharsets.UTF_8);
    }

    private static OpenApiInteractionValidator validator() {
        if (validator == null) {
            synchronized (ContractCheck.class) {
                if (validator == null) {
                    String contract = System.getProperty("ssi.contract");
                    if (contract == null || !Files.isRegularFile(Path.of(contract))) {
                        throw new IllegalStateException("No contract at ssi.contract=" + contract);
                    }
                    validator = OpenApiInteractionValidator.createForSpecificationUrl(
                                    Path.of(contract).toUri().toString())
                            .build();
                }
            }
        }
        return validator;
    }

    /** One line for the end of the run. */
    static String summary() {
        return "[contract] " + CHECKED.get() + " exchanges validated against api/openapi.yaml (request and answer), "
                + ANSWERS_CHECKED.get() + " answers to invalid requests validated, " + OUTSIDE.get()
                + " answers to paths or methods outside the contract not checkable, " + VIOLATIONS.size()
                + " violations";
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        context.getRoot()
                .getStore(ExtensionContext.Namespace.GLOBAL)
                .getOrComputeIfAbsent(ContractCheck.class, key -> new RunSummary(), RunSummary.class);
    }

    /** Closed by JUnit when the whole run ends. */
    private static final class RunSummary implements AutoCloseable {
        @Override
        public void close() {
            System.out.println(summary());
            if (!VIOLATIONS.isEmpty()) {
                String all = String.join("\n", VIOLATIONS);
                try {
                    Path report = Path.of("target", "contract-violations.txt");
                    Files.writeString(report, all + "\n");
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
                System.out.println(all);
                if (ENFORCE) {
                    throw new AssertionError(summary() + " (target/contract-violations.txt)");
                }
            }
        }
    }
}
