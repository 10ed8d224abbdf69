package dev.tandem.presence;

import io.vertx.core.json.JsonObject;

/**
 * A presence message on its way to the subscribers of one session verticle, encoded to JSON once
 * however many of them receive it. Read-only: subscribers must not change the body. Confined to the
 * verticle's event loop.
 */
public final class PresenceMessage {

    private final JsonObject body;
    private String text;

    PresenceMessage(JsonObject body) {
        this.body = body;
    }

    public JsonObject body() {
        return body;
    }

    /** Returns the message as JSON text, encoded on first use. */
    public String text() {
        if (text == null) {
            text = body.encode();
        }
        return text;
    }
}
