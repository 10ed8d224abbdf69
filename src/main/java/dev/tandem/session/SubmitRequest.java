package dev.tandem.session;

import dev.tandem.document.OpJson;
import dev.tandem.ot.TypeRegistry;
import dev.tandem.store.OpKind;
import io.vertx.core.json.JsonObject;

/** A checked {@code op} message: exactly one of an edit, a create or a delete, with its version and seq. */
record SubmitRequest(String collection, String docId, Long version, OpKind kind, String createType, Object body,
        String src, long seq) {

    static SubmitRequest parse(JsonObject request, String connectionSrc, TypeRegistry types) {
        String collection = Requests.collection(request);
        String docId = Requests.docId(request);
        Long version = Requests.optionalVersion(request, "v");

        Object seqValue = request.getValue("seq");
        if (seqValue == null) {
            throw Requests.badlyFormed("Missing 'seq'");
        }
        if (seqValue instanceof Number number && !(seqValue instanceof Double) && number.doubleValue() >= Requests.MAX_SAFE_INTEGER
                || seqValue instanceof Double d && d >= Requests.MAX_SAFE_INTEGER) {
            throw new ProtocolException(ErrorCode.ERR_CONNECTION_SEQ_INTEGER_OVERFLOW,
                    "Connection seq has reached the largest safe integer; reconnect to start a new sequence");
        }
        Long seq = Requests.optionalCounter(seqValue, "'seq'");

        Object srcValue = request.getValue("src");
        if (srcValue != null && (!(srcValue instanceof String s) || s.isEmpty() || s.length() > 128)) {
            throw Requests.badlyFormed("Invalid 'src': expected a string of 1 to 128 characters");
        }
        // An op may only carry this connection's own src: another client's src would let it take
        // that client's next seq, so that the client's real op would be acknowledged as a resend.
        if (srcValue != null && !srcValue.equals(connectionSrc)) {
            throw Requests.badlyFormed("Invalid 'src': an op must carry this connection's id, set by the handshake");
        }
        String src = connectionSrc;

        int kinds = (request.containsKey("op") ? 1 : 0) + (request.getValue("create") != null ? 1 : 0)
                + (request.getValue("del") != null ? 1 : 0);
        if (kinds != 1) {
            throw Requests.badlyFormed("An op message needs exactly one of 'op', 'create' and 'del'");
        }
        if (request.getValue("create") != null) {
            if (!(request.getValue("create") instanceof JsonObject create)) {
                throw new ProtocolException(ErrorCode.ERR_OT_OP_BADLY_FORMED, "Create data must be an object");
            }
            if (!(create.getValue("type") instanceof String typeName)) {
                throw new ProtocolException(ErrorCode.ERR_OT_OP_BADLY_FORMED, "Missing create type");
            }
            String uri = types.find(typeName).orElseThrow(() -> new ProtocolException(
                    ErrorCode.ERR_DOC_TYPE_NOT_RECOGNIZED, "Unknown type: " + typeName)).uri();
            return new SubmitRequest(collection, docId, version, OpKind.CREATE, uri,
                    OpJson.JsonPlain.toPlain(create.getValue("data")), src, seq);
        }
        if (version == null) {
            throw Requests.badlyFormed("Missing version 'v': an edit or delete must name the version it was made on");
        }
        if (request.getValue("del") != null) {
            if (!Boolean.TRUE.equals(request.getValue("del"))) {
                throw new ProtocolException(ErrorCode.ERR_OT_OP_BADLY_FORMED, "del value must be true");
            }
            return new SubmitRequest(collection, docId, version, OpKind.DELETE, null, null, src, seq);
        }
        return new SubmitRequest(collection, docId, version, OpKind.EDIT, null,
                OpJson.JsonPlain.toPlain(request.getValue("op")), src, seq);
    }

    /**
     * Builds the request to the document's owner. With {@code priorOpsNeeded} false, the owner's
     * reply leaves out the ops committed before this one, for a sender that receives them from the
     * document's feed.
     */
    JsonObject toOwnerRequest(String userId, boolean priorOpsNeeded) {
        JsonObject request = new JsonObject().put("c", collection).put("d", docId).put("v", version)
                .put("kind", kind.wireName()).put("type", createType).put("body", body).put("src", src).put("seq", seq)
                .put("user", userId);
        return priorOpsNeeded ? request : request.put("prior", false);
    }
}
