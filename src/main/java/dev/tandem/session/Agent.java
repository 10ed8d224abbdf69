package dev.tandem.session;

import dev.tandem.auth.DocumentGrants;
import dev.tandem.auth.Permission;
import dev.tandem.document.DocumentHistory;
import dev.tandem.document.OpJson;
import dev.tandem.ot.TypeRegistry;
import dev.tandem.presence.PresenceMessage;
import dev.tandem.store.Snapshot;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One client connection speaking the ShareDB protocol (version 1.2): it parses and checks each
 * message, replies in ShareDB's shapes and keeps the connection's subscriptions. Every reply to
 * a request echoes the request's action; an error echoes the request with {@code error: {code,
 * message}}. Confined to the session verticle's event loop.
 */
public final class Agent {

    private static final Logger LOG = LoggerFactory.getLogger(Agent.class);
    static final String JSON0_URI = "http://sharejs.org/types/JSONv0";
    /** Requests larger than this are echoed in error replies without their op or create payload. */
    private static final int ECHO_PAYLOAD_LIMIT = 16 * 1024;

    private final String connectionId;
    private final String userId;
    private final ClientSocket socket;
    private final SessionContext context;
    private final ConnectionLimits limits;
    private final Map<String, DocStream> subscriptions = new HashMap<>();
    /** Presence channel to this connection's subscriber on it. */
    private final Map<String, Consumer<PresenceMessage>> presenceSubscriptions = new HashMap<>();
    /** "channel|presence id" to the latest presence this connection sent, cleared to null when it closes. */
    private final Map<String, JsonObject> ownPresence = new LinkedHashMap<>();
    /** The {@code src} of this connection's ops; a handshake may replace it with a previous connection's. */
    private String src;
    private boolean closed;
    /**
     * Completes when the previous request's grants are loaded. Each request waits for it, so requests
     * start in the order they arrived even when their access checks wait for PostgreSQL.
     */
    private Future<Void> admission = Future.succeededFuture();
    private final List<Runnable> closeActions = new ArrayList<>();

    Agent(String connectionId, String userId, ClientSocket socket, SessionContext context) {
        this.connectionId = connectionId;
        this.userId = userId;
        this.socket = socket;
        this.context = context;
        this.limits = new ConnectionLimits(context.limits(), context.userQuotas(), userId, System.nanoTime());
        this.src = connectionId;
    }

    String connectionId() {
        return connectionId;
    }

    String userId() {
        return userId;
    }

    boolean isClosed() {
        return closed;
    }

    int subscriptionCount() {
        return subscriptions.size();
    }

    int presenceSubscriptionCount() {
        return presenceSubscriptions.size();
    }

    int publishedPresenceCount() {
        return ownPresence.size();
    }

    DocumentHistory history() {
        return context.history();
    }

    /** Sends the greeting that the ShareDB client waits for before its handshake. */
    void open() {
        sendJson(initMessage("init"));
    }

    private JsonObject initMessage(String action) {
        return new JsonObject().put("a", action).put("protocol", 1).put("protocolMinor", 2).put("id", src)
                .put("type", JSON0_URI);
    }

    /** Handles one text message from the client. */
    void onText(String text) {
        if (closed) {
            return;
        }
        Map<String, Object> request;
        try {
            request = context.parser().parse(text);
        } catch (ProtocolException e) {
            LOG.debug("Unparseable message: connection={} code={}", connectionId, e.code());
            JsonObject reply = new JsonObject();
            if (e.code() == ErrorCode.ERR_MESSAGE_TOO_LARGE) {
                // The client matches the error to its request, such as its in-flight op, by these
                // fields. Without them it would wait for that op's reply for ever.
                reply = new JsonObject(context.parser().requestFields(text));
            }
            sendJson(reply.put("error", e.code().toJson(e.getMessage())));
            return;
        }
        JsonObject message = new JsonObject(request);
        Future<Void> ready = admission.transform(previous ->
                context.access().control().preload(RequestAccess.documents(message)));
        admission = ready;
        // A failed load is not reported here: the request's own check loads again and replies with its error.
        ready.onComplete(loaded -> run(message, text.length()));
    }

    private void run(JsonObject message, int length) {
        if (closed) {
            return;
        }
        try {
            dispatch(message).onFailure(err -> replyError(message, length, err));
        } catch (RuntimeException e) {
            replyError(message, length, e);
        }
    }

    private Future<DocumentGrants> require(String collection, String docId, Permission permission) {
        return context.access().require(userId, collection, docId, permission);
    }

    private Future<?> dispatch(JsonObject request) {
        Object action = request.getValue("a");
        if (!(action instanceof String name)) {
            throw badlyFormed("Missing or invalid action 'a'");
        }
        return switch (name) {
            case "hs" -> handshake(request);
            case "f" -> fetch(request);
            case "s" -> subscribe(request);
            case "u" -> unsubscribe(request);
            case "bf" -> bulkFetch(request);
            case "bs" -> bulkSubscribe(request);
            case "bu" -> bulkUnsubscribe(request);
            case "op" -> submit(request);
            case "nf" -> snapshotAtVersion(request);
            case "nt" -> snapshotAtTime(request);
            case "pp" -> reply(request, new JsonObject());
            case "qf", "qs", "qu" -> {
                if (!(request.getValue("id") instanceof Number)) {
                    throw badlyFormed("Missing query ID");
                }
                throw new ProtocolException(ErrorCode.ERR_NOT_SUPPORTED, "Queries are not supported yet");
            }
            case "p" -> presence(request);
            case "ps" -> presenceSubscribe(request);
            case "pu" -> presenceUnsubscribe(request);
            case "pr" -> presenceRequest(request);
            default -> throw badlyFormed("Invalid or unknown message action: " + name);
        };
    }

    private Future<?> handshake(JsonObject request) {
        Object id = request.getValue("id");
        if (id != null) {
            if (!(id instanceof String previous) || previous.isEmpty() || previous.length() > 128
                    || Identifiers.textProblem(previous) != null) {
                throw badlyFormed("Handshake id must be a string of 1 to 128 characters without U+0000 or lone"
                        + " surrogates");
            }
            // Adopting the previous connection's id keeps (src, seq) stable across reconnects, so
            // resent ops are recognised as duplicates.
            src = previous;
        }
        Object protocol = request.getValue("protocol");
        if (protocol != null && !Integer.valueOf(1).equals(protocol)) {
            throw new ProtocolException(ErrorCode.ERR_PROTOCOL_VERSION_NOT_SUPPORTED,
                    "Unsupported protocol version: " + protocol + "; this server speaks 1");
        }
        sendJson(initMessage("hs"));
        return Future.succeededFuture();
    }

    // --- fetch and subscribe ---

    private Future<?> fetch(JsonObject request) {
        String collection = Requests.collection(request);
        String docId = Requests.docId(request);
        Long version = Requests.optionalVersion(request, "v");
        if (version == null) {
            return readLatest(collection, docId)
                    .compose(snapshot -> reply(request, new JsonObject().put("data", clientSnapshot(snapshot))));
        }
        return readOps(collection, docId, version).compose(ops -> {
            for (Object op : OpJson.toJson(ops)) {
                sendJson(OpJson.toClientMessage((JsonObject) op));
            }
            return reply(request, new JsonObject());
        });
    }

    /** Fetches the latest snapshot when the user may read it. */
    private Future<JsonObject> readLatest(String collection, String docId) {
        return require(collection, docId, Permission.READ).compose(grants -> context.documents().fetch(collection, docId)
                .compose(snapshot -> context.access().confirmRead(userId, collection, docId, grants,
                        snapshot.getValue("type") != null || snapshot.getLong("v", 0L) > 0).map(snapshot)));
    }

    /** Reads the ops from {@code version} on when the user may read the document. */
    private Future<List<dev.tandem.store.OpRecord>> readOps(String collection, String docId, long version) {
        return require(collection, docId, Permission.READ).compose(grants -> context.history()
                .ops(collection, docId, version, Long.MAX_VALUE)
                .compose(ops -> context.access().confirmRead(userId, collection, docId, grants, !ops.isEmpty()).map(ops)));
    }

    private Future<?> subscribe(JsonObject request) {
        String collection = Requests.collection(request);
        String docId = Requests.docId(request);
        Long version = Requests.optionalVersion(request, "v");
        return subscribeOne(collection, docId, version)
                .compose(snapshot -> reply(request, snapshot == null ? new JsonObject()
                        : new JsonObject().put("data", snapshot)));
    }

    /**
     * Subscribes to one document. Without a version the reply carries the snapshot (returned);
     * with one, the ops since it are delivered first and the result is {@code null}.
     */
    private Future<JsonObject> subscribeOne(String collection, String docId, Long version) {
        return require(collection, docId, Permission.READ).compose(grants -> subscribeChecked(collection, docId, version,
                grants));
    }

    private Future<JsonObject> subscribeChecked(String collection, String docId, Long version, DocumentGrants grants) {
        String key = collection + "/" + docId;
        DocStream existing = subscriptions.get(key);
        if (existing != null) {
            context.feeds().unwatch(existing);
            existing.close();
        }
        if (subscriptions.size() >= limits.maxSubscriptions() && existing == null) {
            return Future.failedFuture(new ProtocolException(ErrorCode.ERR_TOO_MANY_SUBSCRIPTIONS,
                    "Too many subscriptions on this connection; the limit is " + limits.maxSubscriptions()
                    + ". Unsubscribe from documents no longer shown"));
        }
        DocStream stream = new DocStream(this, collection, docId);
        if (grants.unclaimed()) {
            stream.recheckBeforeCreate(() -> context.access().confirmRead(userId, collection, docId, grants, true));
        }
        subscriptions.put(key, stream);
        Future<JsonObject> started = context.feeds().watch(stream).compose(registered -> {
            if (version == null) {
                return context.documents().fetch(collection, docId).compose(snapshot -> context.access().confirmRead(
                        userId, collection, docId, grants, snapshot.getValue("type") != null
                                || snapshot.getLong("v", 0L) > 0).map(snapshot)).map(snapshot -> {
                    JsonObject data = clientSnapshot(snapshot);
                    // The reply must reach the client before any op newer than its snapshot.
                    stream.start(snapshot.getLong("v"));
                    return data;
                });
            }
            return context.history().ops(collection, docId, version, Long.MAX_VALUE).compose(ops -> context.access()
                    .confirmRead(userId, collection, docId, grants, !ops.isEmpty()).map(ops)).map(ops -> {
                stream.start(version);
                stream.offerAll(OpJson.toJson(ops));
                return null;
            });
        });
        return started.recover(err -> {
            if (subscriptions.get(key) == stream) {
                subscriptions.remove(key);
                context.feeds().unwatch(stream);
            }
            stream.close();
            return Future.failedFuture(err);
        });
    }

    private Future<?> unsubscribe(JsonObject request) {
        unsubscribeOne(Requests.collection(request), Requests.docId(request));
        return reply(request, new JsonObject());
    }

    private void unsubscribeOne(String collection, String docId) {
        DocStream stream = subscriptions.remove(collection + "/" + docId);
        if (stream != null) {
            context.feeds().unwatch(stream);
            stream.close();
        }
    }

    private Future<?> bulkFetch(JsonObject request) {
        String collection = Requests.collection(request);
        Object bulk = request.getValue("b");
        if (bulk instanceof JsonArray ids) {
            Map<String, Future<JsonObject>> results = new LinkedHashMap<>();
            for (String docId : Requests.ids(ids)) {
                results.put(docId, readLatest(collection, docId).map(this::clientSnapshot));
            }
            return joinPerDocument(results).compose(data -> reply(request, new JsonObject().put("data", data)));
        }
        Map<String, Long> versions = Requests.versions(bulk);
        List<Future<?>> all = new ArrayList<>();
        for (Map.Entry<String, Long> entry : versions.entrySet()) {
            String docId = entry.getKey();
            all.add(readOps(collection, docId, entry.getValue()).onSuccess(ops -> {
                for (Object op : OpJson.toJson(ops)) {
                    sendJson(OpJson.toClientMessage((JsonObject) op));
                }
            }).onFailure(err -> replyError(single("f", collection, docId, entry.getValue()), 0, err)));
        }
        return Future.join(all).otherwiseEmpty().compose(v -> reply(request, new JsonObject()));
    }

    private Future<?> bulkSubscribe(JsonObject request) {
        String collection = Requests.collection(request);
        Object bulk = request.getValue("b");
        if (bulk instanceof JsonArray ids) {
            Map<String, Future<JsonObject>> results = new LinkedHashMap<>();
            for (String docId : Requests.ids(ids)) {
                results.put(docId, subscribeOne(collection, docId, null));
            }
            return joinPerDocument(results).compose(data -> reply(request, new JsonObject().put("data", data)));
        }
        Map<String, Long> versions = Requests.versions(bulk);
        JsonObject subscribed = new JsonObject();
        List<Future<?>> all = new ArrayList<>();
        for (Map.Entry<String, Long> entry : versions.entrySet()) {
            String docId = entry.getKey();
            all.add(subscribeOne(collection, docId, entry.getValue())
                    .onSuccess(v -> subscribed.put(docId, entry.getValue()))
                    .onFailure(err -> replyError(single("s", collection, docId, entry.getValue()), 0, err)));
        }
        // Each document that failed got its own error reply; the bulk reply names the others.
        return Future.join(all).otherwiseEmpty()
                .compose(v -> reply(request.copy().put("b", subscribed), new JsonObject()));
    }

    private Future<?> bulkUnsubscribe(JsonObject request) {
        String collection = Requests.collection(request);
        Object bulk = request.getValue("b");
        List<String> ids = bulk instanceof JsonArray array ? Requests.ids(array)
                : new ArrayList<>(Requests.versions(bulk).keySet());
        for (String docId : ids) {
            unsubscribeOne(collection, docId);
        }
        return reply(request, new JsonObject());
    }

    private Future<JsonObject> joinPerDocument(Map<String, Future<JsonObject>> results) {
        return Future.join(new ArrayList<>(results.values())).otherwiseEmpty().map(v -> {
            JsonObject data = new JsonObject();
            results.forEach((docId, future) -> {
                if (future.succeeded()) {
                    data.put(docId, future.result());
                } else {
                    data.put(docId, new JsonObject().put("error", errorJson(future.cause())));
                }
            });
            return data;
        });
    }

    private static JsonObject single(String action, String collection, String docId, Long version) {
        return new JsonObject().put("a", action).put("c", collection).put("d", docId).put("v", version);
    }

    // --- ops ---

    private Future<?> submit(JsonObject request) {
        SubmitRequest submission = SubmitRequest.parse(request, src, context.types());
        limits.checkOp(submission, System.nanoTime());
        // A started subscription receives the ops committed before this one from the document's
        // feed, so the owner's reply need not carry them.
        DocStream subscribed = subscriptions.get(submission.collection() + "/" + submission.docId());
        boolean priorOpsNeeded = subscribed == null || !subscribed.started();
        JsonObject ownerRequest = submission.toOwnerRequest(userId, priorOpsNeeded);
        return context.access().requireSubmit(userId, submission)
                .compose(grants -> context.documents().submit(ownerRequest)).compose(reply -> {
            JsonObject error = reply.getJsonObject("error");
            if (error != null) {
                sendError(request, 0, error);
                return Future.succeededFuture();
            }
            // The creator's next ops are checked from the cache once the new grants are read, so
            // the acknowledgement waits for that read.
            Future<Void> grantsCached = submission.kind() == dev.tandem.store.OpKind.CREATE
                    ? context.access().control().documentCreated(submission.collection(), submission.docId())
                    : Future.succeededFuture();
            return grantsCached.compose(v -> deliverOwnOp(submission, reply, priorOpsNeeded));
        });
    }

    /**
     * Delivers an acknowledged op, with the ops it was transformed against before it. Those come
     * in the reply when {@code priorInReply}, or else from the document's feed. When the
     * subscription ended while the op was in flight, they are read from the op log instead.
     */
    private Future<Void> deliverOwnOp(SubmitRequest submission, JsonObject reply, boolean priorInReply) {
        DocStream stream = subscriptions.get(submission.collection() + "/" + submission.docId());
        if (stream != null && stream.started()) {
            stream.offerAll(reply.getJsonArray("ops"));
            stream.offer(reply.getJsonObject("op"));
            return Future.succeededFuture();
        }
        long version = reply.getLong("v");
        Future<JsonArray> prior = priorInReply || submission.version() == null
                ? Future.succeededFuture(reply.getJsonArray("ops"))
                : context.history().ops(submission.collection(), submission.docId(), submission.version(), version)
                        .map(OpJson::toJson).otherwise(error -> {
                            // The op is committed, so the ack goes out anyway. A client that
                            // lacks ops before it fetches the document.
                            LOG.warn("Reading the ops before an acknowledged op failed: connection={} collection={}"
                                    + " doc={} from={} to={}", connectionId, submission.collection(), submission.docId(),
                                    submission.version(), version, error);
                            return new JsonArray();
                        });
        return prior.map(ops -> {
            for (Object op : ops) {
                sendJson(OpJson.toClientMessage((JsonObject) op));
            }
            sendJson(new JsonObject().put("a", "op").put("c", submission.collection()).put("d", submission.docId())
                    .put("src", submission.src()).put("seq", submission.seq()).put("v", version));
            return null;
        });
    }

    // --- presence ---

    private Future<?> presenceSubscribe(JsonObject request) {
        String channel = Requests.channel(request);
        Object seq = request.getValue("seq");
        if (!presenceSubscriptions.containsKey(channel) && presenceSubscriptions.size() >= limits.maxSubscriptions()) {
            throw new ProtocolException(ErrorCode.ERR_TOO_MANY_SUBSCRIPTIONS,
                    "Too many presence subscriptions on this connection; the limit is " + limits.maxSubscriptions());
        }
        return context.access().requireChannel(userId, channel).compose(allowed -> {
            Consumer<PresenceMessage> subscriber = presenceSubscriptions.computeIfAbsent(channel, c -> this::onPresence);
            return context.presence().subscribe(channel, subscriber);
        }).map(registered -> {
            sendJson(new JsonObject().put("a", "ps").put("ch", channel).put("seq", seq));
            // Asks the channel's other clients to send their presence to the newcomer.
            context.presence().publish(channel, new JsonObject().put("ch", channel).put("r", true).put("src", src));
            return null;
        });
    }

    private Future<?> presenceUnsubscribe(JsonObject request) {
        String channel = Requests.channel(request);
        Consumer<PresenceMessage> subscriber = presenceSubscriptions.remove(channel);
        if (subscriber != null) {
            context.presence().unsubscribe(channel, subscriber);
        }
        sendJson(new JsonObject().put("a", "pu").put("ch", channel).put("seq", request.getValue("seq")));
        return Future.succeededFuture();
    }

    private Future<?> presenceRequest(JsonObject request) {
        String channel = Requests.channel(request);
        return context.access().requireChannel(userId, channel).map(allowed -> {
            requestPresence(channel);
            return null;
        });
    }

    private void requestPresence(String channel) {
        context.presence().publish(channel, new JsonObject().put("ch", channel).put("r", true).put("src", src));
        sendJson(new JsonObject().put("a", "pr"));
    }

    private Future<?> presence(JsonObject request) {
        String channel = Requests.channel(request);
        if (!(request.getValue("id") instanceof String id) || id.isEmpty() || id.length() > 256) {
            throw badlyFormed("Invalid presence ID 'id': expected a string of 1 to 256 characters");
        }
        JsonObject presence = new JsonObject().put("a", "p").put("ch", channel).put("src", src).put("id", id)
                .put("p", request.getValue("p")).put("pv", request.getValue("pv"));
        Future<JsonObject> ready = context.access().requireChannel(userId, channel).map(presence);
        if (request.getValue("t") != null) {
            String collection = Requests.collection(request);
            String docId = Requests.docId(request);
            Long version = Requests.optionalVersion(request, "v");
            if (version == null) {
                throw badlyFormed("Missing version 'v' of a document presence");
            }
            presence.put("c", collection).put("d", docId).put("v", version).put("t", request.getValue("t"));
            context.presenceTransformer().presenceType(request.getString("t"));
            DocStream stream = subscriptions.get(collection + "/" + docId);
            boolean upToDate = stream != null && stream.started() && stream.nextVersion() == version;
            ready = ready.compose(p -> require(collection, docId, Permission.PRESENCE)).map(presence);
            if (!upToDate && presence.getValue("p") != null) {
                ready = ready.compose(p -> context.presenceTransformer().toLatest(presence,
                        context.feeds().recentOps(collection, docId, version)));
            }
        }
        String key = channel + "|" + id;
        if (presence.getValue("p") != null && !ownPresence.containsKey(key)
                && ownPresence.size() >= limits.maxSubscriptions()) {
            // Each presence is kept until the connection closes, to clear it then; unbounded ids
            // would let one connection grow the node's memory without end.
            throw new ProtocolException(ErrorCode.ERR_TOO_MANY_SUBSCRIPTIONS, "Too many presence ids on this"
                    + " connection; the limit is " + limits.maxSubscriptions() + ". Send a null presence to release one");
        }
        return ready.map(latest -> {
            if (latest.getValue("p") == null) {
                // A null presence is what others would be sent at close, so nothing is kept for it.
                ownPresence.remove(key);
            } else {
                ownPresence.put(key, latest);
            }
            context.presence().publish(channel, latest);
            sendJson(latest.copy());
            return null;
        });
    }

    /** Forwards a message of a subscribed presence channel, except this connection's own. */
    private void onPresence(PresenceMessage shared) {
        JsonObject message = shared.body();
        if (closed || src.equals(message.getString("src"))) {
            return;
        }
        if (Boolean.TRUE.equals(message.getValue("r"))) {
            sendJson(new JsonObject().put("a", "pr").put("ch", message.getString("ch")));
            return;
        }
        sendText(shared.text());
    }

    // --- time travel ---

    private Future<?> snapshotAtVersion(JsonObject request) {
        String collection = Requests.collection(request);
        String docId = Requests.docId(request);
        Long version = Requests.optionalVersion(request, "v");
        Future<JsonObject> snapshot = version == null
                ? readLatest(collection, docId)
                : readAt(collection, docId, () -> context.history().snapshotAt(collection, docId, version));
        return snapshot.compose(s -> reply(request, versionedSnapshot(s)));
    }

    private Future<?> snapshotAtTime(JsonObject request) {
        String collection = Requests.collection(request);
        String docId = Requests.docId(request);
        Long timestamp = Requests.optionalVersion(request, "ts");
        Future<JsonObject> snapshot = timestamp == null
                ? readLatest(collection, docId)
                : readAt(collection, docId, () -> context.history().snapshotAtTime(collection, docId, timestamp));
        return snapshot.compose(s -> reply(request, versionedSnapshot(s)));
    }

    private Future<JsonObject> readAt(String collection, String docId, java.util.function.Supplier<Future<Snapshot>> read) {
        return require(collection, docId, Permission.READ).compose(grants -> read.get().compose(snapshot -> context.access()
                .confirmRead(userId, collection, docId, grants, snapshot.version() > 0).map(snapshotJson(snapshot))));
    }

    /** Builds the reply body of {@code nf} and {@code nt}, leaving {@code data} out when the document does not exist. */
    private static JsonObject versionedSnapshot(JsonObject snapshot) {
        JsonObject reply = new JsonObject().put("v", snapshot.getLong("v")).put("type", snapshot.getString("type"));
        if (snapshot.getValue("data") != null) {
            reply.put("data", snapshot.getValue("data"));
        }
        return reply;
    }

    static JsonObject snapshotJson(Snapshot snapshot) {
        return new JsonObject().put("v", snapshot.version()).put("type", snapshot.typeUri()).put("data", snapshot.data());
    }

    /** Converts an owner snapshot to the client's form: the type is left out when it is json0. */
    private JsonObject clientSnapshot(JsonObject snapshot) {
        JsonObject data = new JsonObject().put("v", snapshot.getLong("v"));
        if (snapshot.getValue("data") != null) {
            data.put("data", snapshot.getValue("data"));
        }
        String type = snapshot.getString("type");
        if (!JSON0_URI.equals(type)) {
            data.put("type", type);
        }
        return data;
    }

    // --- replies ---

    /** Sends a reply that echoes the request's action, and its id or collection, document and bulk keys. */
    private Future<Void> reply(JsonObject request, JsonObject message) {
        message.put("a", request.getValue("a"));
        if (request.getValue("id") != null) {
            message.put("id", request.getValue("id"));
        } else {
            if (request.getValue("c") != null) {
                message.put("c", request.getValue("c"));
            }
            if (request.getValue("d") != null) {
                message.put("d", request.getValue("d"));
            }
            if (request.getValue("b") != null && !message.containsKey("data")) {
                message.put("b", request.getValue("b"));
            }
        }
        sendJson(message);
        return Future.succeededFuture();
    }

    private void replyError(JsonObject request, int requestLength, Throwable err) {
        sendError(request, requestLength, errorJson(err));
    }

    private JsonObject errorJson(Throwable err) {
        if (err instanceof ProtocolException protocol) {
            return protocol.code().toJson(protocol.getMessage());
        }
        LOG.error("Request failed: connection={}", connectionId, err);
        return ErrorCode.ERR_UNKNOWN_ERROR.toJson("Internal error; the request was not completed");
    }

    private void sendError(JsonObject request, int requestLength, JsonObject error) {
        JsonObject echo = request.copy();
        if (requestLength > ECHO_PAYLOAD_LIMIT) {
            echo.remove("op");
            echo.remove("create");
        }
        echo.put("error", error);
        sendJson(echo);
    }

    void sendJson(JsonObject message) {
        sendText(message.encode());
    }

    /** Sends a protocol message that is already encoded as JSON text. */
    void sendText(String message) {
        if (closed) {
            return;
        }
        socket.send(message);
    }

    /** Sends a committed op's message, which other clients of the document share. */
    void sendOp(WireOp op) {
        if (closed) {
            return;
        }
        socket.send(op);
    }

    /**
     * Re-checks this connection's subscriptions to a document whose grants changed, and ends those
     * that the user may no longer read with an error naming the document.
     */
    void onGrantsChanged(String collection, String docId) {
        if (closed) {
            return;
        }
        if (subscriptions.containsKey(collection + "/" + docId)) {
            require(collection, docId, Permission.READ).onFailure(err -> revokeSubscription(collection, docId, err));
        }
        String channel = collection + "." + docId;
        if (presenceSubscriptions.containsKey(channel)) {
            context.access().requireChannel(userId, channel).onFailure(err -> {
                Consumer<PresenceMessage> subscriber = presenceSubscriptions.remove(channel);
                if (subscriber != null) {
                    context.presence().unsubscribe(channel, subscriber);
                    sendJson(new JsonObject().put("a", "pu").put("ch", channel).put("error", errorJson(err)));
                }
            });
        }
    }

    /** Ends a subscription whose user lost read access; the client's document emits the error. */
    void revokeSubscription(String collection, String docId, Throwable err) {
        if (closed || !subscriptions.containsKey(collection + "/" + docId)) {
            return;
        }
        unsubscribeOne(collection, docId);
        LOG.atDebug().addKeyValue("connection", connectionId).addKeyValue("collection", collection)
                .addKeyValue("docId", docId).log("Subscription ended: read access revoked");
        sendJson(new JsonObject().put("a", "op").put("c", collection).put("d", docId).put("error", errorJson(err)));
    }

    /** Adds an action to run once the connection has closed, such as cancelling its expiry timer. */
    void onCloseRun(Runnable action) {
        closeActions.add(action);
    }

    /** Releases the connection's subscriptions once its socket has closed. */
    void onClose() {
        if (closed) {
            return;
        }
        closed = true;
        closeActions.forEach(Runnable::run);
        // Copies first: a subscribe still in progress removes its stream from the map when it fails.
        List<DocStream> streams = new ArrayList<>(subscriptions.values());
        subscriptions.clear();
        for (DocStream stream : streams) {
            context.feeds().unwatch(stream);
            stream.close();
        }
        Map<String, Consumer<PresenceMessage>> channels = new HashMap<>(presenceSubscriptions);
        presenceSubscriptions.clear();
        channels.forEach((channel, subscriber) -> context.presence().unsubscribe(channel, subscriber));
        // Others see this connection's cursors disappear, as after an explicit null presence.
        for (JsonObject presence : ownPresence.values()) {
            if (presence.getValue("p") != null) {
                JsonObject gone = presence.copy().put("p", null);
                if (presence.getValue("pv") instanceof Number version) {
                    gone.put("pv", version.longValue() + 1);
                }
                context.presence().publish(presence.getString("ch"), gone);
            }
        }
        ownPresence.clear();
        LOG.debug("Connection closed: connection={} user={}", connectionId, userId);
    }

    private static ProtocolException badlyFormed(String message) {
        return new ProtocolException(ErrorCode.ERR_MESSAGE_BADLY_FORMED, message);
    }
}
