package dev.tandem.session;

import dev.tandem.document.OpJson;
import io.vertx.core.json.JsonObject;

/**
 * A committed op on its way to clients, with its protocol message encoded once however many
 * clients receive it: a document with N subscribers costs N frame writes per op, not N encodings,
 * whether as JSON text or as WebSocket frame bytes.
 * Read-only, and confined to one session verticle's event loop.
 */
final class WireOp {

    final long version;
    private final JsonObject op;
    private String message;
    private TextFrame frame;

    WireOp(JsonObject op) {
        this.op = op;
        this.version = op.getLong("v");
    }

    /** True for the op that creates the document. */
    boolean isCreate() {
        return op.containsKey("create");
    }

    /** The op's protocol message as JSON text, encoded on first use. */
    String message() {
        if (message == null) {
            message = OpJson.toClientMessage(op).encode();
        }
        return message;
    }

    /** Returns the op's message as a WebSocket frame, encoded on first use and shared by every recipient. */
    TextFrame frame() {
        if (frame == null) {
            frame = TextFrame.of(message());
        }
        return frame;
    }
}
