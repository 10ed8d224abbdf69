package dev.tandem.document;

import dev.tandem.cluster.Addresses;
import dev.tandem.cluster.DocumentOwnership;
import dev.tandem.session.ErrorCode;
import dev.tandem.session.ProtocolException;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.json.JsonObject;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends requests for a document to the node that owns it, from any node. A redirect or a missing
 * owner is retried a bounded number of times, after resolving the owner again.
 */
public final class DocumentClient {

    private static final Logger LOG = LoggerFactory.getLogger(DocumentClient.class);
    private static final int MAX_ATTEMPTS = 5;
    private static final long RETRY_DELAY_MILLIS = 200;

    private final Vertx vertx;
    private final DocumentOwnership ownership;
    private final DeliveryOptions delivery;

    public DocumentClient(Vertx vertx, DocumentOwnership ownership, long requestTimeoutMillis) {
        this.vertx = vertx;
        this.ownership = ownership;
        this.delivery = new DeliveryOptions().setSendTimeout(requestTimeoutMillis);
    }

    /** Returns the owner's latest snapshot as {@code {v, type, data}}. */
    public Future<JsonObject> fetch(String collection, String docId) {
        return request(new JsonObject().put("action", "fetch").put("c", collection).put("d", docId), 1);
    }

    /** Submits an op; the reply is {@link SubmitReply} JSON, which may carry an error. */
    public Future<JsonObject> submit(JsonObject submission) {
        return request(submission.copy().put("action", "submit"), 1);
    }

    private Future<JsonObject> request(JsonObject body, int attempt) {
        String collection = body.getString("c");
        String docId = body.getString("d");
        String owner = ownership.ownerNodeId(collection, docId);
        if (owner == null) {
            return retry(body, attempt, "no owner");
        }
        return vertx.eventBus().<JsonObject>request(Addresses.documents(owner), body, delivery)
                .compose(reply -> {
                    JsonObject json = reply.body();
                    if (json.containsKey("redirect")) {
                        return retry(body, attempt, "redirected to " + json.getString("redirect"));
                    }
                    JsonObject error = json.getJsonObject("error");
                    if (error != null && !"submit".equals(body.getString("action"))) {
                        return Future.failedFuture(new ProtocolException(
                                ErrorCode.valueOf(error.getString("code")), error.getString("message")));
                    }
                    return Future.succeededFuture(json);
                }, err -> {
                    if (err instanceof ReplyException reply && reply.failureType() == io.vertx.core.eventbus.ReplyFailure.NO_HANDLERS) {
                        return retry(body, attempt, "owner " + owner + " has no document handler");
                    }
                    LOG.warn("Document request failed: collection={} doc={} owner={}", collection, docId, owner, err);
                    return Future.failedFuture(new ProtocolException(ErrorCode.ERR_UNKNOWN_ERROR,
                            "The document's owner did not answer in time; retry later"));
                });
    }

    private Future<JsonObject> retry(JsonObject body, int attempt, String reason) {
        if (attempt >= MAX_ATTEMPTS) {
            LOG.warn("Giving up routing a document request: collection={} doc={} attempts={} reason={}",
                    body.getString("c"), body.getString("d"), attempt, reason);
            return Future.failedFuture(new ProtocolException(ErrorCode.ERR_UNKNOWN_ERROR,
                    "The document's owner could not be reached; retry later"));
        }
        LOG.debug("Retrying document request: collection={} doc={} attempt={} reason={}", body.getString("c"),
                body.getString("d"), attempt, reason);
        return vertx.timer(RETRY_DELAY_MILLIS).compose(t -> request(body, attempt + 1));
    }
}
