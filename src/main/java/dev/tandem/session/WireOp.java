package dev.tandem.session;

import dev.tandem.document.OpJson;
import io.vertx.core.json.JsonObject;

/**
 * A committed op on its way to clients, with its protocol message encoded once however many
 * clients receive it: a document with N subscribers costs N frame writes per op, not N encodings.
 * Read-only, and confined to one session verticle's event loop.
 */
final class WireOp {

    final long version;
    private final JsonObject op;
    private String message;

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
}
