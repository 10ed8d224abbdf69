package dev.tandem.auth;

import io.vertx.core.Future;
import io.vertx.core.http.HttpServerRequest;

/** The jwt auth mode: every request carries a token that {@link TokenVerifier} accepts. */
public final class JwtAuthenticator implements Authenticator {

    private final TokenVerifier verifier;

    public JwtAuthenticator(TokenVerifier verifier) {
        this.verifier = verifier;
    }

    @Override
    public Future<Principal> authenticate(HttpServerRequest request) {
        String token = BearerTokens.find(request);
        if (token == null || token.isEmpty()) {
            return Future.failedFuture(new AuthenticationException("Missing access token: send 'Authorization: Bearer"
                    + " TOKEN', the access_token query parameter or a Sec-WebSocket-Protocol entry access_token.TOKEN"));
        }
        return verifier.verify(token);
    }
}
