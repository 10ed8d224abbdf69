package dev.tandem.session;

import io.vertx.core.json.JsonObject;

/**
 * The closed catalogue of protocol error codes Tandem sends, named as ShareDB names them so that the
 * npm client reacts to each as it would against ShareDB.
 */
public enum ErrorCode {
    ERR_MESSAGE_BADLY_FORMED(Recovery.CLIENT_RECOVERABLE),
    ERR_MESSAGE_TOO_LARGE(Recovery.CLIENT_RECOVERABLE),
    ERR_NOT_SUPPORTED(Recovery.CLIENT_RECOVERABLE),
    ERR_PROTOCOL_VERSION_NOT_SUPPORTED(Recovery.CLIENT_FATAL),
    ERR_CONNECTION_SEQ_INTEGER_OVERFLOW(Recovery.CLIENT_FATAL),
    ERR_OP_SUBMIT_REJECTED(Recovery.CLIENT_RECOVERABLE),
    ERR_OP_TOO_LARGE(Recovery.ROLLBACK),
    ERR_DOCUMENT_TOO_LARGE(Recovery.ROLLBACK),
    ERR_OT_OP_BADLY_FORMED(Recovery.ROLLBACK),
    ERR_OT_OP_NOT_APPLIED(Recovery.ROLLBACK),
    ERR_DOC_ALREADY_CREATED(Recovery.ROLLBACK),
    ERR_DOC_DOES_NOT_EXIST(Recovery.ROLLBACK),
    ERR_DOC_WAS_DELETED(Recovery.ROLLBACK),
    ERR_DOC_TYPE_NOT_RECOGNIZED(Recovery.ROLLBACK),
    ERR_OP_VERSION_NEWER_THAN_CURRENT_SNAPSHOT(Recovery.ROLLBACK),
    ERR_SUBMIT_TRANSFORM_OPS_NOT_FOUND(Recovery.ROLLBACK),
    ERR_MAX_SUBMIT_RETRIES_EXCEEDED(Recovery.ROLLBACK),
    ERR_SERVER_OVERLOADED(Recovery.ROLLBACK),
    ERR_TOO_MANY_OPS(Recovery.CLIENT_RECOVERABLE),
    // Tandem's own codes for its limits; ShareDB has none. The op of a rejected submit is rolled back.
    ERR_RATE_LIMIT_EXCEEDED(Recovery.ROLLBACK),
    ERR_TOO_MANY_SUBSCRIPTIONS(Recovery.CLIENT_RECOVERABLE),
    ERR_TYPE_DOES_NOT_SUPPORT_PRESENCE(Recovery.CLIENT_RECOVERABLE),
    ERR_PRESENCE_TRANSFORM_FAILED(Recovery.CLIENT_RECOVERABLE),
    /** The user's role on the document does not allow reading it, or no longer does. */
    ERR_DOC_READ_UNAUTHORIZED(Recovery.CLIENT_RECOVERABLE),
    /** The user's role on the document does not allow this create, edit or delete. */
    ERR_OP_SUBMIT_UNAUTHORIZED(Recovery.ROLLBACK),
    /** The user's role on the channel's document does not allow presence. */
    ERR_PRESENCE_UNAUTHORIZED(Recovery.CLIENT_RECOVERABLE),
    ERR_UNKNOWN_ERROR(Recovery.INTERNAL);

    /** The way a client can go on after the error. */
    public enum Recovery {
        /** The request changed nothing, and the client may retry it or carry on. */
        CLIENT_RECOVERABLE,
        /** The client's pending op is dropped and its document rolled back. */
        ROLLBACK,
        /** The connection cannot go on as it is. */
        CLIENT_FATAL,
        /** A fault of the server or of a dependency; the request may succeed later. */
        INTERNAL
    }

    private final Recovery recovery;

    ErrorCode(Recovery recovery) {
        this.recovery = recovery;
    }

    public Recovery recovery() {
        return recovery;
    }

    /** Returns the ShareDB error object {@code {code, message}}. */
    public JsonObject toJson(String message) {
        return new JsonObject().put("code", name()).put("message", message);
    }
}
