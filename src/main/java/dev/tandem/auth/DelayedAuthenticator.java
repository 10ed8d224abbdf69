package dev.tandem.auth;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServerRequest;

/**
 * Test hook that completes each authentication only after a delay, as a slow key server would, so
 * that tests can send messages while a connection is still being authenticated.
 */
public final class DelayedAuthenticator implements Authenticator {

    private final Vertx vertx;
    private final Authenticator delegate;
    private final long delayMillis;

    public DelayedAuthenticator(Vertx vertx, Authenticator delegate, long delayMillis) {
        this.vertx = vertx;
        this.delegate = delegate;
        this.delayMillis = delayMillis;
    }

    @Override
    public Future<Principal> authenticate(HttpServerRequest request) {
        // Authenticates first, as the request's parameters are only safe to read on this tick.
        Future<Principal> result = delegate.authenticate(request);
        return vertx.timer(delayMillis).compose(fired -> result);
    }
}
