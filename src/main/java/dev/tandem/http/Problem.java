package dev.tandem.http;

import dev.tandem.session.ErrorCode;
import io.vertx.core.json.JsonObject;
import java.util.Objects;
import io.vertx.ext.web.RoutingContext;

/**
 * Writes RFC 9457 problem details ({@code application/problem+json}) for REST errors. Every body
 * has a {@code code}: the ShareDB error code where one has the same meaning, else one of the codes
 * below, which only HTTP replies use.
 */
public final class Problem {

    /** The request's body, query or path is malformed: ShareDB's code for a malformed message. */
    public static final String BADLY_FORMED = ErrorCode.ERR_MESSAGE_BADLY_FORMED.name();
    /** A store the request needs failed or timed out, so the request may be retried. */
    public static final String UNAVAILABLE = ErrorCode.ERR_SERVER_OVERLOADED.name();
    public static final String INTERNAL = ErrorCode.ERR_UNKNOWN_ERROR.name();
    public static final String NOT_FOUND = "ERR_NOT_FOUND";
    public static final String UNAUTHENTICATED = "ERR_UNAUTHENTICATED";
    public static final String ORIGIN_NOT_ALLOWED = "ERR_ORIGIN_NOT_ALLOWED";
    /** The change would leave a document without an owner. */
    public static final String LAST_OWNER = "ERR_LAST_OWNER";

    private Problem() {
    }

    public static void send(RoutingContext routing, int status, String title, String detail, String code) {
        JsonObject body = new JsonObject().put("type", "about:blank").put("title", title).put("status", status)
                .put("detail", detail).put("code", Objects.requireNonNull(code, "code"));
        routing.response().setStatusCode(status).putHeader("Content-Type", "application/problem+json")
                .end(body.encode());
    }
}
