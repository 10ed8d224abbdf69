package dev.tandem.session;

import dev.tandem.http.Problem;
import io.vertx.ext.web.RoutingContext;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The browser origins allowed to open a WebSocket or SockJS session. A browser sends its page's
 * origin on every upgrade, and a WebSocket is not bound by the same-origin policy, so without this
 * check any web page a user visits could open a session as that user. An empty list allows every
 * origin (development). A request without an {@code Origin} header comes from a non-browser client,
 * which can send any header it likes, so the check does not apply to it.
 */
public final class OriginPolicy {

    private static final Logger LOG = LoggerFactory.getLogger(OriginPolicy.class);

    private final Set<String> allowed;

    /** Creates a policy from origins such as {@code https://docs.example.com}; matching ignores case. */
    public OriginPolicy(List<String> allowedOrigins) {
        this.allowed = allowedOrigins.stream().map(OriginPolicy::normalize).collect(Collectors.toUnmodifiableSet());
    }

    public static OriginPolicy allowAll() {
        return new OriginPolicy(List.of());
    }

    /** Returns whether a request with this {@code Origin} header, or none ({@code null}), may connect. */
    public boolean allows(String origin) {
        return allowed.isEmpty() || origin == null || allowed.contains(normalize(origin));
    }

    /**
     * Passes a request from an allowed origin on to the next handler and answers any other with a
     * 403 problem, before an upgrade or a SockJS session starts.
     */
    public void check(RoutingContext routing) {
        String origin = routing.request().getHeader("Origin");
        if (allows(origin)) {
            routing.next();
            return;
        }
        LOG.debug("Refused a session from a disallowed origin: path={} origin={}", routing.normalizedPath(), origin);
        Problem.send(routing, 403, "Origin not allowed", "Sessions from origin '" + origin + "' are not allowed", Problem.ORIGIN_NOT_ALLOWED);
    }

    private static String normalize(String origin) {
        String trimmed = origin.trim().toLowerCase(Locale.ROOT);
        return trimmed.endsWith("/") ? trimmed.substring(0, trimmed.length() - 1) : trimmed;
    }
}
