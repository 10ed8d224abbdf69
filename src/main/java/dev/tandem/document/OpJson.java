package dev.tandem.document;

import dev.tandem.store.OpKind;
import dev.tandem.store.OpRecord;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Converts committed ops to and from the JSON that the event bus carries and the ShareDB protocol
 * sends: {@code {c, d, v, src, seq, op}} for an edit, {@code create: {type, data}} for a create and
 * {@code del: true} for a delete. The commit time travels as {@code ts}.
 */
public final class OpJson {

    private OpJson() {
    }

    /**
     * Returns the op as the protocol sends it. Its body is copied into {@link java.util.LinkedHashMap}s
     * and lists, because the event bus copies a {@link JsonObject} on each local delivery and turns
     * every other kind of map, such as json0's {@code LayeredMap} or rich-text's frozen maps, into a
     * {@link java.util.HashMap}, which loses the order of the keys.
     */
    public static JsonObject toJson(OpRecord op) {
        JsonObject json = new JsonObject()
                .put("c", op.collection())
                .put("d", op.docId())
                .put("v", op.version());
        if (op.src() != null) {
            json.put("src", op.src()).put("seq", op.seq());
        }
        switch (op.kind()) {
            case CREATE -> json.put("create", new JsonObject().put("type", op.createType())
                    .put("data", JsonPlain.toPlain(op.body())));
            case EDIT -> json.put("op", JsonPlain.toPlain(op.body()));
            case DELETE -> json.put("del", true);
        }
        json.put("ts", op.timestampMillis());
        return json;
    }

    public static JsonArray toJson(List<OpRecord> ops) {
        JsonArray array = new JsonArray();
        for (OpRecord op : ops) {
            array.add(toJson(op));
        }
        return array;
    }

    /** Returns the message that delivers {@code op} to a client: the wire form without the commit time. */
    public static JsonObject toClientMessage(JsonObject op) {
        JsonObject message = op.copy();
        message.remove("ts");
        message.put("a", "op");
        return message;
    }

    public static OpRecord fromJson(JsonObject json) {
        OpKind kind;
        String createType = null;
        Object body = null;
        if (json.containsKey("create")) {
            kind = OpKind.CREATE;
            JsonObject create = json.getJsonObject("create");
            createType = create.getString("type");
            body = JsonPlain.toPlain(create.getValue("data"));
        } else if (json.containsKey("del")) {
            kind = OpKind.DELETE;
        } else {
            kind = OpKind.EDIT;
            body = JsonPlain.toPlain(json.getValue("op"));
        }
        Long seq = json.getLong("seq");
        return new OpRecord(json.getString("c"), json.getString("d"), json.getLong("v"), kind, createType, body,
                json.getString("src"), seq == null ? 0 : seq, json.getLong("ts", 0L), null);
    }

    public static List<OpRecord> fromJson(JsonArray array) {
        List<OpRecord> ops = new ArrayList<>(array.size());
        for (int i = 0; i < array.size(); i++) {
            ops.add(fromJson(array.getJsonObject(i)));
        }
        return ops;
    }

    /** Conversions between Vert.x JSON wrappers and the plain values the OT types work on. */
    public static final class JsonPlain {

        private JsonPlain() {
        }

        /** Unwraps {@link JsonObject} and {@link JsonArray}, recursively, into maps and lists. */
        public static Object toPlain(Object value) {
            if (value instanceof JsonObject object) {
                return toPlain(object.getMap());
            }
            if (value instanceof JsonArray array) {
                return toPlain(array.getList());
            }
            if (value instanceof Map<?, ?> map) {
                Map<String, Object> plain = new java.util.LinkedHashMap<>();
                for (Map.Entry<?, ?> entry : map.entrySet()) {
                    plain.put(String.valueOf(entry.getKey()), toPlain(entry.getValue()));
                }
                return plain;
            }
            if (value instanceof List<?> list) {
                List<Object> plain = new ArrayList<>(list.size());
                for (Object element : list) {
                    plain.add(toPlain(element));
                }
                return plain;
            }
            return value;
        }
    }
}
