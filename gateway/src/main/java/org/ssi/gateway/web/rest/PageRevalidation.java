package org.ssi.gateway.web.rest;

import io.quarkus.vertx.http.runtime.RouteConstants;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.Optional;
import org.ssi.gateway.web.service.WebPages;

/**
 * The web pages are never stale after a release: every page file is served with {@code Cache-Control: no-cache} and
 * its content's ETag, so a browser asks each time and gets a 304 without a body while the file is unchanged, and the
 * new file as soon as it changed. Quarkus's own cache headers ({@code public, immutable, max-age=86400} and a
 * {@code Last-Modified} of the jar entry) are switched off ({@code quarkus.http.static-resources.caching-enabled}):
 * they let a browser run yesterday's script for a day after an upgrade.
 */
@ApplicationScoped
public class PageRevalidation {

    static final String NO_CACHE = "no-cache";

    private final WebPages pages;

    public PageRevalidation(WebPages pages) {
        this.pages = pages;
    }

    void install(@Observes Router router) {
        router.route()
                .method(HttpMethod.GET)
                .method(HttpMethod.HEAD)
                .order(RouteConstants.ROUTE_ORDER_BEFORE_DEFAULT)
                .handler(this::revalidate);
    }

    private void revalidate(RoutingContext routing) {
        Optional<String> etag = pages.etag(routing.normalizedPath());
        if (etag.isEmpty()) {
            routing.next();
            return;
        }
        routing.response().putHeader(HttpHeaders.CACHE_CONTROL, NO_CACHE).putHeader(HttpHeaders.ETAG, etag.get());
        if (matches(routing.request().getHeader(HttpHeaders.IF_NONE_MATCH), etag.get())) {
            routing.response().setStatusCode(304).end();
            return;
        }
        routing.next();
    }

    /** If-None-Match: {@code *} or a list of tags, compared weakly (RFC 9110, 13.1.2). */
    static boolean matches(String ifNoneMatch, String etag) {
        if (ifNoneMatch == null) {
            return false;
        }
        for (String candidate : ifNoneMatch.split(",")) {
            String tag = candidate.trim();
            if (tag.equals("*") || (tag.startsWith("W/") ? tag.substring(2) : tag).equals(etag)) {
                return true;
            }
        }
        return false;
    }
}
