package dev.tandem.auth;

import io.vertx.core.http.HttpServerRequest;

/**
 * Finds the access token of a request. REST clients send {@code Authorization: Bearer TOKEN}.
 * Browsers cannot set headers on a WebSocket or SockJS connection, so there the token may also come
 * as the {@code access_token} query parameter or as a {@code Sec-WebSocket-Protocol} entry
 * {@code access_token.TOKEN}, next to the {@code sharedb} entry that the server selects.
 */
public final class BearerTokens {

    /** The subprotocol that the server selects; a browser fails the upgrade unless one offered entry is echoed. */
    public static final String SUBPROTOCOL = "sharedb";
    static final String SUBPROTOCOL_TOKEN_PREFIX = "access_token.";

    private BearerTokens() {
    }

    /** Returns the token, or {@code null} when the request carries none. */
    public static String find(HttpServerRequest request) {
        String authorization = request.getHeader("Authorization");
        if (authorization != null && authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return authorization.substring(7).trim();
        }
        String parameter = request.getParam("access_token");
        if (parameter != null && !parameter.isEmpty()) {
            return parameter;
        }
        String protocols = request.getHeader("Sec-WebSocket-Protocol");
        if (protocols != null) {
            for (String entry : protocols.split(",")) {
                String trimmed = entry.trim();
                if (trimmed.startsWith(SUBPROTOCOL_TOKEN_PREFIX)) {
                    return trimmed.substring(SUBPROTOCOL_TOKEN_PREFIX.length());
                }
            }
        }
        return null;
    }
}
