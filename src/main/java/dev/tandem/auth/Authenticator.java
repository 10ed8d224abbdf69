package dev.tandem.auth;

import dev.tandem.config.Setting;
import dev.tandem.config.TandemConfig;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.ext.web.RoutingContext;

/**
 * Finds out who sends an HTTP request: a REST call, a WebSocket upgrade or a SockJS transport
 * request. A failed future carries an {@link AuthenticationException} whose message is the reason
 * for the 401.
 */
public interface Authenticator {

    Future<Principal> authenticate(HttpServerRequest request);

    /**
     * Returns a route handler that authenticates each request before the next handler sees it: it
     * stores the principal in the routing context under {@code principalKey}, or answers 401. The
     * request is paused meanwhile, so no body is lost to a slow authentication.
     */
    default Handler<RoutingContext> routeHandler(String principalKey) {
        return routing -> {
            routing.request().pause();
            authenticate(routing.request()).onComplete(result -> {
                if (result.failed()) {
                    Unauthorized.send(routing, result.cause());
                    return;
                }
                routing.put(principalKey, result.result());
                routing.request().resume();
                routing.next();
            });
        };
    }

    /** Builds the authenticator of the configured auth mode, reading JWT key files now. */
    static Authenticator fromConfig(Vertx vertx, TandemConfig config) {
        Authenticator authenticator = config.authMode().equals("jwt")
                ? new JwtAuthenticator(TokenVerifier.create(vertx, config))
                : new DevAuthenticator();
        long delayMillis = config.longValue(Setting.TEST_AUTH_DELAY_MILLIS);
        return delayMillis > 0 ? new DelayedAuthenticator(vertx, authenticator, delayMillis) : authenticator;
    }
}
