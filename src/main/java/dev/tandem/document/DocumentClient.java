package dev.tandem.document;

import dev.tandem.cluster.Addresses;
import dev.tandem.cluster.DocumentOwnership;
import dev.tandem.session.ErrorCode;
import dev.tandem.session.ProtocolException;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.Message;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.eventbus.ReplyFailure;
import io.vertx.core.json.JsonObject;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends requests for a document to the node that owns it, from any node. A redirect, a missing
 * owner, an owner without a handler or one that does not reply in time is retried after resolving the
 * owner again, until the request's deadline. Retrying a submit is safe because the sequencer
 * recognises a resent {@code (src, seq)} and acknowledges it once.
 *
 * <p>When the cluster removes a member, the requests waiting on it fail at once and go to the new
 * owner, so a crashed owner costs the failure-detection time rather than a whole attempt timeout.
 */
public final class DocumentClient {

    private static final Logger LOG = LoggerFactory.getLogger(DocumentClient.class);
    private static final long RETRY_DELAY_MILLIS = 200;
    /** Maximum wait for one owner's reply before sending again, so that a crashed owner costs seconds. */
    private static final long ATTEMPT_TIMEOUT_MILLIS = 5000;

    private final Vertx vertx;
    private final DocumentOwnership ownership;
    private final long fetchTimeoutMillis;
    private final long submitTimeoutMillis;

    private final Timer reroutes;
    /** Members that left the cluster and have not joined again; requests are not sent to them. */
    private final Set<String> departed = ConcurrentHashMap.newKeySet();
    /** Requests waiting on each node, failed when that node leaves. */
    private final Map<String, Set<Attempt>> waitingByNode = new ConcurrentHashMap<>();

    /** One request to one owner, with the context its caller runs on. */
    private record Attempt(Context context, Promise<Message<JsonObject>> reply) {
    }

    /** The failure of an attempt whose target node left the cluster before it replied. */
    private static final class OwnerLeftException extends RuntimeException {
        OwnerLeftException(String nodeId) {
            super("node " + nodeId + " left the cluster", null, false, false);
        }
    }

    public DocumentClient(Vertx vertx, DocumentOwnership ownership, long fetchTimeoutMillis, long submitTimeoutMillis,
            MeterRegistry registry) {
        this.vertx = vertx;
        this.reroutes = Timer.builder("tandem.document.reroutes")
                .description("Requests that reached a document's owner only after a retry, such as during a failover,"
                        + " by their total time")
                .register(registry);
        this.ownership = ownership;
        this.fetchTimeoutMillis = fetchTimeoutMillis;
        this.submitTimeoutMillis = submitTimeoutMillis;
        ownership.onMembership(departed::remove, this::nodeLeft);
    }

    /** Fails the requests waiting on a node that left; called on a Hazelcast thread. */
    private void nodeLeft(String nodeId) {
        departed.add(nodeId);
        Set<Attempt> waiting = waitingByNode.getOrDefault(nodeId, Set.of());
        if (!waiting.isEmpty()) {
            LOG.info("Owner left the cluster; resending its pending requests: node={} requests={}", nodeId,
                    waiting.size());
        }
        for (Attempt attempt : waiting) {
            attempt.context().runOnContext(v -> attempt.reply().tryFail(new OwnerLeftException(nodeId)));
        }
    }

    /** Returns the owner's latest snapshot as {@code {v, type, data}}. */
    public Future<JsonObject> fetch(String collection, String docId) {
        JsonObject body = new JsonObject().put("action", "fetch").put("c", collection).put("d", docId);
        return timed(body, fetchTimeoutMillis);
    }

    /** Submits an op; the reply is {@link SubmitReply} JSON, which may carry an error. */
    public Future<JsonObject> submit(JsonObject submission) {
        return timed(submission.copy().put("action", "submit"), submitTimeoutMillis);
    }

    private Future<JsonObject> timed(JsonObject body, long timeoutMillis) {
        long started = System.currentTimeMillis();
        int[] attempts = {0};
        return request(body, started + timeoutMillis, 1, attempts).onSuccess(reply -> {
            if (attempts[0] > 1) {
                long elapsed = System.currentTimeMillis() - started;
                reroutes.record(elapsed, TimeUnit.MILLISECONDS);
                LOG.info("Document request rerouted: collection={} doc={} attempts={} durationMillis={}",
                        body.getString("c"), body.getString("d"), attempts[0], elapsed);
            }
        });
    }

    /** Returns the node id of the document's current owner, or {@code null} while it has none. */
    public String ownerOf(String collection, String docId) {
        return ownership.ownerNodeId(collection, docId);
    }

    private Future<JsonObject> request(JsonObject body, long deadlineMillis, int attempt, int[] attempts) {
        attempts[0] = attempt;
        String collection = body.getString("c");
        String docId = body.getString("d");
        long remaining = deadlineMillis - System.currentTimeMillis();
        if (remaining <= 0) {
            LOG.warn("Document request timed out: collection={} doc={} attempts={}", collection, docId, attempt - 1);
            return Future.failedFuture(new ProtocolException(ErrorCode.ERR_UNKNOWN_ERROR,
                    "The document's owner could not be reached in time; retry later"));
        }
        String owner = ownership.ownerNodeId(collection, docId);
        if (owner == null) {
            return retry(body, deadlineMillis, attempt, attempts, "no owner");
        }
        if (departed.contains(owner)) {
            // The partition table still names a member that left; it changes once Hazelcast has
            // promoted the backups.
            return retry(body, deadlineMillis, attempt, attempts, "owner " + owner + " left the cluster");
        }
        return send(owner, body, Math.min(remaining, ATTEMPT_TIMEOUT_MILLIS))
                .compose(reply -> {
                    JsonObject json = reply.body();
                    if (json.containsKey("redirect")) {
                        return retry(body, deadlineMillis, attempt, attempts, "redirected to " + json.getString("redirect"));
                    }
                    JsonObject error = json.getJsonObject("error");
                    if (error != null && !"submit".equals(body.getString("action"))) {
                        return Future.failedFuture(new ProtocolException(
                                ErrorCode.valueOf(error.getString("code")), error.getString("message")));
                    }
                    return Future.succeededFuture(json);
                }, err -> {
                    if (err instanceof OwnerLeftException) {
                        return retry(body, deadlineMillis, attempt, attempts, err.getMessage());
                    }
                    if (err instanceof ReplyException reply && reply.failureType() != ReplyFailure.RECIPIENT_FAILURE) {
                        return retry(body, deadlineMillis, attempt, attempts, "owner " + owner + ": " + reply.failureType());
                    }
                    LOG.warn("Document request failed: collection={} doc={} owner={}", collection, docId, owner, err);
                    return Future.failedFuture(new ProtocolException(ErrorCode.ERR_UNKNOWN_ERROR,
                            "The document's owner failed the request; retry later"));
                });
    }

    /** Sends one attempt to {@code owner}; it fails early if the owner leaves the cluster meanwhile. */
    private Future<Message<JsonObject>> send(String owner, JsonObject body, long timeoutMillis) {
        Attempt attempt = new Attempt(vertx.getOrCreateContext(), Promise.promise());
        Set<Attempt> waiting = waitingByNode.computeIfAbsent(owner, k -> ConcurrentHashMap.newKeySet());
        waiting.add(attempt);
        if (departed.contains(owner)) {
            // The owner left between the look-up and the registration, so nodeLeft may have missed it.
            waiting.remove(attempt);
            return Future.failedFuture(new OwnerLeftException(owner));
        }
        DeliveryOptions delivery = new DeliveryOptions().setSendTimeout(timeoutMillis);
        vertx.eventBus().<JsonObject>request(Addresses.documents(owner), body, delivery).onComplete(result -> {
            waiting.remove(attempt);
            if (result.succeeded()) {
                attempt.reply().tryComplete(result.result());
            } else {
                attempt.reply().tryFail(result.cause());
            }
        });
        return attempt.reply().future();
    }

    private Future<JsonObject> retry(JsonObject body, long deadlineMillis, int attempt, int[] attempts, String reason) {
        if (attempt == 1 || attempt % 10 == 0) {
            LOG.info("Retrying document request: collection={} doc={} attempt={} reason={}", body.getString("c"),
                    body.getString("d"), attempt, reason);
        }
        return vertx.timer(RETRY_DELAY_MILLIS).compose(t -> request(body, deadlineMillis, attempt + 1, attempts));
    }
}
