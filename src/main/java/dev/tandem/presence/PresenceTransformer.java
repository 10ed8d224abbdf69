package dev.tandem.presence;

import dev.tandem.document.DocumentHistory;
import dev.tandem.document.OpJson;
import dev.tandem.ot.OtType;
import dev.tandem.ot.TypeRegistry;
import dev.tandem.session.ErrorCode;
import dev.tandem.session.ProtocolException;
import dev.tandem.store.OpKind;
import dev.tandem.store.OpRecord;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import java.util.List;

/**
 * Moves a document presence made at an older version across the ops committed since, with the
 * type's {@code transformPresence}, so that every receiver gets it at the latest version. A create
 * or delete in between clears the presence, as ShareDB does.
 */
public final class PresenceTransformer {

    private final DocumentHistory history;
    private final TypeRegistry types;

    public PresenceTransformer(DocumentHistory history, TypeRegistry types) {
        this.history = history;
        this.types = types;
    }

    /** Returns the type of a presence's {@code t}, failing when it is unknown or has no presence transform. */
    public OtType presenceType(String typeName) {
        OtType type = types.find(typeName).orElseThrow(() -> new ProtocolException(
                ErrorCode.ERR_DOC_TYPE_NOT_RECOGNIZED, "Unknown type: " + typeName));
        if (!type.supportsPresence()) {
            throw new ProtocolException(ErrorCode.ERR_TYPE_DOES_NOT_SUPPORT_PRESENCE,
                    "Type does not support presence: " + typeName);
        }
        return type;
    }

    /**
     * Returns {@code presence} moved to the document's latest version; {@code presence} carries
     * {@code c}, {@code d}, {@code v}, {@code t}, {@code p} and {@code src}.
     */
    public Future<JsonObject> toLatest(JsonObject presence) {
        return toLatest(presence, null);
    }

    /**
     * Returns {@code presence} moved across {@code recent}, the ops from its version to the latest
     * that the caller has seen, or across the op log's ops when {@code recent} is null. On a busy
     * document nearly every presence is a few versions old, and reading the op log for each one
     * competes with the group commits for database connections.
     */
    public Future<JsonObject> toLatest(JsonObject presence, List<OpRecord> recent) {
        OtType type = presenceType(presence.getString("t"));
        if (recent != null) {
            return Future.succeededFuture(transform(presence.copy(), type, recent));
        }
        long version = presence.getLong("v");
        return history.ops(presence.getString("c"), presence.getString("d"), version, Long.MAX_VALUE)
                .map(ops -> transform(presence.copy(), type, ops));
    }

    private static JsonObject transform(JsonObject presence, OtType type, List<OpRecord> ops) {
        Object value = OpJson.JsonPlain.toPlain(presence.getValue("p"));
        String src = presence.getString("src");
        for (OpRecord op : ops) {
            if (op.kind() != OpKind.EDIT) {
                value = null;
            } else if (value != null) {
                try {
                    value = type.transformPresence(value, op.body(), src != null && src.equals(op.src()));
                } catch (RuntimeException e) {
                    throw new ProtocolException(ErrorCode.ERR_PRESENCE_TRANSFORM_FAILED,
                            "Presence could not be moved across version " + op.version() + ": " + e.getMessage());
                }
            }
        }
        return presence.put("p", value).put("v", presence.getLong("v") + ops.size());
    }
}
