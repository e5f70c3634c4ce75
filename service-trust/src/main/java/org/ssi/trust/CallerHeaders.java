package org.ssi.trust;

import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * How the gateway tells a service whom it calls for: beside its own token (role {@link #SERVICE_ROLE}), the caller's
 * principal in {@link #CALLER} and the caller's realm roles in {@link #ROLES}, comma-separated, each value
 * percent-encoded UTF-8 (so that no login can break a header). A service believes them only beside a token with the
 * role {@code service}. The gateway's {@code Upstream} writes them, and devstack's {@code TestTokens} for the tests.
 */
public final class CallerHeaders {

    public static final String CALLER = "X-SSI-Caller";
    public static final String ROLES = "X-SSI-Caller-Roles";

    /** The realm role of the suite's own clients: the gateway and the services that read each other's feeds. */
    public static final String SERVICE_ROLE = "service";

    private CallerHeaders() {}

    /** The caller the headers name, if any; a value that is not percent-encoded UTF-8 is refused. */
    public static Optional<VouchedCaller> read(String caller, String roles) {
        if (caller == null || caller.isBlank()) {
            return Optional.empty();
        }
        Set<String> granted = roles == null
                ? Set.of()
                : Arrays.stream(roles.split(","))
                        .map(String::trim)
                        .filter(role -> !role.isEmpty())
                        .map(CallerHeaders::decode)
                        .collect(Collectors.toCollection(LinkedHashSet::new));
        return Optional.of(new VouchedCaller(decode(caller.trim()), granted));
    }

    /** A header value for a name or a role. */
    public static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    private static String decode(String value) {
        try {
            return URLDecoder.decode(value, StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw new MalformedCallerHeader(value);
        }
    }

    /** A caller header the gateway would never write. */
    public static final class MalformedCallerHeader extends RuntimeException {
        MalformedCallerHeader(String value) {
            super("Not a percent-encoded caller header value: " + value, null, false, false);
        }
    }
}
