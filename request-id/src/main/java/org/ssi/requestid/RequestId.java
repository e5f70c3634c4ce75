package org.ssi.requestid;

import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import java.util.UUID;
import java.util.regex.Pattern;
import org.jboss.logging.MDC;

/**
 * The id that names one request in every answer ({@value #HEADER}), every log line written for it (the MDC key
 * {@value #MDC_KEY}) and every call made for it, so that an on-call engineer can follow one request through the
 * gateway and the services. The gateway takes the caller's id when it is sane, else the request's trace id, else a new
 * one; the services take the gateway's.
 */
public final class RequestId {

    public static final String HEADER = "X-Request-Id";
    public static final String MDC_KEY = "requestId";

    /**
     * What an id may be: short, and only characters that cannot forge a log line or a header (no spaces, no line
     * breaks, no quotes). Trace ids, UUIDs and the ids of common proxies fit.
     */
    private static final Pattern SANE = Pattern.compile("[A-Za-z0-9._:-]{1,128}");

    private RequestId() {}

    /** The id of the request being served on this thread or Vert.x context, or null outside any request. */
    public static String current() {
        Object id = MDC.get(MDC_KEY);
        return id == null ? null : id.toString();
    }

    /** Whether an id the caller sent may be kept as it is. */
    public static boolean sane(String offered) {
        return offered != null && SANE.matcher(offered).matches();
    }

    /** The id of a request: the one offered when sane, else the current trace id, else a new random one. */
    public static String choose(String offered) {
        if (sane(offered)) {
            return offered;
        }
        SpanContext trace = Span.current().getSpanContext();
        if (trace.isValid()) {
            return trace.getTraceId();
        }
        return UUID.randomUUID().toString();
    }
}
