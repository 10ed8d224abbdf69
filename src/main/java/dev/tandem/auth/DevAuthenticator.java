package dev.tandem.auth;

import io.vertx.core.Future;
import io.vertx.core.http.HttpServerRequest;

/**
 * The dev auth mode: the client names its user in {@code ?user=} (WebSocket and SockJS) or
 * {@code X-Tandem-User} (REST) and nothing proves it. A request that names nobody is
 * {@code anonymous}. Access control still applies to the named user.
 */
public final class DevAuthenticator implements Authenticator {

    static final String ANONYMOUS = "anonymous";

    @Override
    public Future<Principal> authenticate(HttpServerRequest request) {
        String user = request.getParam("user");
        if (user == null || user.isBlank()) {
            user = request.getHeader("X-Tandem-User");
        }
        if (user == null || user.isBlank()) {
            user = ANONYMOUS;
        }
        String problem = UserIds.problem(user);
        if (problem != null) {
            return Future.failedFuture(new AuthenticationException("Invalid user name: it " + problem));
        }
        return Future.succeededFuture(new Principal(user, null));
    }
}
