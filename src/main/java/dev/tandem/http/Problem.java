package dev.tandem.http;

import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;

/** Writes RFC 9457 problem details ({@code application/problem+json}) for REST errors. */
public final class Problem {

    private Problem() {
    }

    public static void send(RoutingContext routing, int status, String title, String detail, String code) {
        JsonObject body = new JsonObject().put("type", "about:blank").put("title", title).put("status", status)
                .put("detail", detail);
        if (code != null) {
            body.put("code", code);
        }
        routing.response().setStatusCode(status).putHeader("Content-Type", "application/problem+json")
                .end(body.encode());
    }
}
