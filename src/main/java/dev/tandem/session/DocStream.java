package dev.tandem.session;

import dev.tandem.document.OpJson;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.TreeMap;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The ops of one subscribed document on their way to one client, delivered in version order with
 * no gap and no duplicate. Ops may arrive from the document's event-bus feed, from the reply to the
 * client's own submit, or from a catch-up read, in any order: each is delivered when it is the next
 * version the client lacks. A gap that does not fill by itself is read from the op log.
 *
 * <p>The client's own ops are delivered with their {@code src} and {@code seq}, which the ShareDB
 * client takes as the acknowledgement of its in-flight op.
 */
final class DocStream {

    private static final Logger LOG = LoggerFactory.getLogger(DocStream.class);

    private final Agent agent;
    final String collection;
    final String docId;
    /** The next version the client lacks; -1 until the subscription has set the client's version. */
    private long cursor = -1;
    private final TreeMap<Long, WireOp> pending = new TreeMap<>();
    private boolean filling;
    private boolean closed;
    /**
     * Set when the document had no grants at subscribe time: anyone may watch a document that does
     * not exist, but its create op is delivered only if the check passes again once the creator's
     * grants exist.
     */
    private Supplier<Future<Void>> createCheck;
    private boolean checking;

    DocStream(Agent agent, String collection, String docId) {
        this.agent = agent;
        this.collection = collection;
        this.docId = docId;
    }

    /** Sets the version the client has now, then delivers what is pending from it on. */
    void start(long clientVersion) {
        cursor = clientVersion;
        pump();
    }

    /** Holds the document's create op back until {@code check} succeeds; a failed check ends the subscription. */
    void recheckBeforeCreate(Supplier<Future<Void>> check) {
        createCheck = check;
    }

    boolean started() {
        return cursor >= 0;
    }

    /** The next version the client lacks, or -1 before the subscription has started. */
    long nextVersion() {
        return cursor;
    }

    void offer(JsonObject op) {
        offer(new WireOp(op));
    }

    /** Offers an op that other streams of the document may share, so that it is encoded once. */
    void offer(WireOp op) {
        if (closed) {
            return;
        }
        if (cursor >= 0 && op.version < cursor) {
            return;
        }
        pending.putIfAbsent(op.version, op);
        pump();
    }

    void offerAll(JsonArray ops) {
        for (int i = 0; i < ops.size(); i++) {
            offer(ops.getJsonObject(i));
        }
    }

    void close() {
        closed = true;
        pending.clear();
    }

    private void pump() {
        if (cursor < 0 || closed || checking) {
            return;
        }
        while (!pending.isEmpty()) {
            long first = pending.firstKey();
            if (first < cursor) {
                pending.pollFirstEntry();
                continue;
            }
            if (first > cursor) {
                fillGap(first);
                return;
            }
            if (createCheck != null && pending.firstEntry().getValue().isCreate()) {
                checkBeforeCreate();
                return;
            }
            agent.sendOp(pending.pollFirstEntry().getValue());
            cursor++;
        }
    }

    private void checkBeforeCreate() {
        checking = true;
        Supplier<Future<Void>> check = createCheck;
        createCheck = null;
        check.get().onComplete(result -> {
            checking = false;
            if (result.succeeded()) {
                pump();
            } else {
                agent.revokeSubscription(collection, docId, result.cause());
            }
        });
    }

    private void fillGap(long upTo) {
        if (filling) {
            return;
        }
        filling = true;
        long from = cursor;
        agent.history().ops(collection, docId, from, upTo).onComplete(result -> {
            filling = false;
            if (closed) {
                return;
            }
            if (result.succeeded()) {
                for (JsonObject op : OpJson.toJson(result.result()).stream().map(JsonObject.class::cast).toList()) {
                    WireOp wire = new WireOp(op);
                    pending.putIfAbsent(wire.version, wire);
                }
            } else {
                // The client sees the gap and fetches the document itself, so delivery goes on.
                LOG.warn("Filling an op gap failed: connection={} collection={} doc={} from={} to={}",
                        agent.connectionId(), collection, docId, from, upTo, result.cause());
                cursor = upTo;
            }
            pump();
        });
    }
}
