package dev.tandem.session;

import dev.tandem.auth.AccessControl;
import dev.tandem.auth.AccessDeniedException;
import dev.tandem.auth.DocumentGrants;
import dev.tandem.auth.GrantsUnavailableException;
import dev.tandem.auth.Permission;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;

/**
 * The access checks of protocol requests: which documents a request touches, and a denial as a
 * protocol error. A presence channel {@code collection.id} belongs to that document, split at the
 * first dot as ShareDB builds it; a channel without a dot belongs to no document and is open to all.
 */
final class RequestAccess {

    private final AccessControl access;

    RequestAccess(AccessControl access) {
        this.access = access;
    }

    AccessControl control() {
        return access;
    }

    /** Succeeds with the document's grants when the user has the permission, else fails with a protocol error. */
    Future<DocumentGrants> require(String userId, String collection, String docId, Permission permission) {
        return access.require(userId, collection, docId, permission).recover(RequestAccess::toProtocolError);
    }

    /** Checks a submit: creating needs a new document or the editor role, deleting needs owner, editing needs editor. */
    Future<DocumentGrants> requireSubmit(String userId, SubmitRequest submit) {
        Future<DocumentGrants> checked = switch (submit.kind()) {
            case CREATE -> access.requireCreate(userId, submit.collection(), submit.docId());
            case DELETE -> access.require(userId, submit.collection(), submit.docId(), Permission.DELETE);
            case EDIT -> access.require(userId, submit.collection(), submit.docId(), Permission.EDIT);
        };
        return checked.recover(RequestAccess::toProtocolError);
    }

    /** Checks presence on a channel; a channel of no document needs nothing. */
    Future<Void> requireChannel(String userId, String channel) {
        String[] document = channelDocument(channel);
        if (document == null) {
            return Future.succeededFuture();
        }
        return require(userId, document[0], document[1], Permission.PRESENCE).mapEmpty();
    }

    /**
     * Confirms a read that was allowed because the document had no grants, once the read shows that
     * the document exists: it may have been created meanwhile by a user who did not share it.
     */
    Future<Void> confirmRead(String userId, String collection, String docId, DocumentGrants checked, boolean exists) {
        if (!exists || !checked.unclaimed()) {
            return Future.succeededFuture();
        }
        return access.reload(collection, docId).compose(fresh ->
                require(userId, collection, docId, Permission.READ)).mapEmpty();
    }

    /** Returns {collection, id} of a channel {@code collection.id}, or {@code null} when it names no document. */
    static String[] channelDocument(String channel) {
        int dot = channel.indexOf('.');
        if (dot <= 0 || dot == channel.length() - 1) {
            return null;
        }
        String collection = channel.substring(0, dot);
        String docId = channel.substring(dot + 1);
        if (Identifiers.collectionProblem(collection) != null || Identifiers.docIdProblem(docId) != null) {
            return null;
        }
        return new String[] {collection, docId};
    }

    /**
     * Lists the documents whose grants a request's checks need, so that they can be loaded before the
     * request runs. Malformed fields are skipped; the request's own parsing rejects them.
     */
    static List<String[]> documents(JsonObject request) {
        List<String[]> documents = new ArrayList<>();
        Object action = request.getValue("a");
        if (request.getValue("ch") instanceof String channel) {
            String[] document = channelDocument(channel);
            if (document != null) {
                documents.add(document);
            }
        }
        if (!(request.getValue("c") instanceof String collection) || "u".equals(action) || "bu".equals(action)) {
            return documents;
        }
        if (request.getValue("d") instanceof String docId) {
            documents.add(new String[] {collection, docId});
        }
        Object bulk = request.getValue("b");
        if (bulk instanceof JsonArray ids) {
            for (Object id : ids) {
                if (id instanceof String docId) {
                    documents.add(new String[] {collection, docId});
                }
            }
        } else if (bulk instanceof JsonObject versions) {
            for (String docId : versions.fieldNames()) {
                documents.add(new String[] {collection, docId});
            }
        }
        return documents;
    }

    private static <T> Future<T> toProtocolError(Throwable err) {
        if (err instanceof GrantsUnavailableException unavailable) {
            return Future.failedFuture(new ProtocolException(ErrorCode.ERR_SERVER_OVERLOADED, unavailable.getMessage()));
        }
        if (!(err instanceof AccessDeniedException denied)) {
            return Future.failedFuture(err);
        }
        if (denied.unclaimed() && (denied.permission() == Permission.EDIT || denied.permission() == Permission.DELETE)) {
            // Nobody has a grant because the document was never created: the error ShareDB sends for it.
            return Future.failedFuture(new ProtocolException(ErrorCode.ERR_DOC_DOES_NOT_EXIST, "The document does not exist"));
        }
        ErrorCode code = switch (denied.permission()) {
            case READ, MANAGE_GRANTS -> ErrorCode.ERR_DOC_READ_UNAUTHORIZED;
            case PRESENCE -> ErrorCode.ERR_PRESENCE_UNAUTHORIZED;
            case EDIT, DELETE -> ErrorCode.ERR_OP_SUBMIT_UNAUTHORIZED;
        };
        return Future.failedFuture(new ProtocolException(code, denied.getMessage()));
    }
}
