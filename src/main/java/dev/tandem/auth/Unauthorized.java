package dev.tandem.auth;

import dev.tandem.http.Problem;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The 401 reply to a request whose credentials are missing or rejected, as problem details with the reason. */
public final class Unauthorized {

    private static final Logger LOG = LoggerFactory.getLogger(Unauthorized.class);

    private Unauthorized() {
    }

    /** Sends a 401 with the reason; an unexpected failure is logged and reported without detail. */
    public static void send(RoutingContext routing, Throwable err) {
        String reason = err instanceof AuthenticationException ? err.getMessage() : "Authentication failed";
        if (!(err instanceof AuthenticationException)) {
            LOG.warn("Authentication failed unexpectedly: path={}", routing.normalizedPath(), err);
        }
        LOG.atDebug().addKeyValue("path", routing.normalizedPath()).addKeyValue("reason", reason)
                .log("Request rejected as unauthenticated");
        routing.request().resume();
        routing.response().setStatusCode(401)
                .putHeader("WWW-Authenticate", "Bearer error=\"invalid_token\"")
                .putHeader("Content-Type", "application/problem+json")
                .end(new JsonObject().put("type", "about:blank").put("title", "Unauthorized")
                        .put("status", 401).put("detail", reason).put("code", Problem.UNAUTHENTICATED).encode());
    }
}
