package dev.tandem.session;

import dev.tandem.cluster.Addresses;
import dev.tandem.document.OpJson;
import dev.tandem.store.OpRecord;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.json.JsonObject;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/**
 * One event-bus consumer per watched document on this session verticle, however many of its
 * clients watch it; each committed op is handed to every {@link DocStream} of the document. The
 * feed also keeps the latest ops it received, so that a presence made a few versions back can be
 * moved to the latest version without reading the op log. Confined to the verticle's event loop.
 */
final class DocumentFeeds {

    /**
     * Most ops kept per watched document for presence transforms, and the longest time each is
     * kept. Ten seconds covers a presence sent seconds behind, and the time bound keeps a node with
     * many busy documents from holding each one's last 2,000 ops.
     */
    static final int RECENT_OPS = 2000;
    static final long RECENT_NANOS = TimeUnit.SECONDS.toNanos(10);

    /** A committed op as the feed received it; the JSON is shared with the op's {@link WireOp}. */
    private record RecentOp(long version, long receivedNanos, JsonObject op) {
    }

    private final Function<String, MessageConsumer<JsonObject>> consumers;
    private final Map<String, Feed> feeds = new HashMap<>();

    private static final class Feed {
        final MessageConsumer<JsonObject> consumer;
        final Set<DocStream> streams = new LinkedHashSet<>();
        /** Consecutive versions, oldest first; a gap in what the feed receives clears it. */
        final ArrayDeque<RecentOp> recent = new ArrayDeque<>();

        Feed(MessageConsumer<JsonObject> consumer) {
            this.consumer = consumer;
        }

        void remember(long version, JsonObject op) {
            RecentOp last = recent.peekLast();
            if (last != null && version <= last.version()) {
                return;
            }
            if (last != null && version != last.version() + 1) {
                recent.clear();
            }
            long now = System.nanoTime();
            recent.addLast(new RecentOp(version, now, op));
            forgetOlderThan(now - RECENT_NANOS);
            if (recent.size() > RECENT_OPS) {
                recent.pollFirst();
            }
        }

        void forgetOlderThan(long nanos) {
            while (!recent.isEmpty() && recent.peekFirst().receivedNanos() - nanos < 0) {
                recent.pollFirst();
            }
        }
    }

    DocumentFeeds(Vertx vertx) {
        this(address -> vertx.eventBus().consumer(address));
    }

    /** Creates feeds whose consumers come from {@code consumers}, for tests. */
    DocumentFeeds(Function<String, MessageConsumer<JsonObject>> consumers) {
        this.consumers = consumers;
    }

    /** Adds a stream; the future completes once the feed's consumer is registered in the cluster. */
    Future<Void> watch(DocStream stream) {
        String address = Addresses.documentOps(stream.collection, stream.docId);
        Feed feed = feeds.get(address);
        if (feed == null) {
            MessageConsumer<JsonObject> consumer = consumers.apply(address);
            Feed created = new Feed(consumer);
            consumer.handler(message -> {
                WireOp op = new WireOp(message.body());
                created.remember(op.version, message.body());
                for (DocStream each : created.streams.toArray(new DocStream[0])) {
                    each.offer(op);
                }
            });
            feeds.put(address, created);
            feed = created;
        }
        feed.streams.add(stream);
        return feed.consumer.completion();
    }

    void unwatch(DocStream stream) {
        String address = Addresses.documentOps(stream.collection, stream.docId);
        Feed feed = feeds.get(address);
        if (feed == null) {
            return;
        }
        feed.streams.remove(stream);
        if (feed.streams.isEmpty()) {
            feeds.remove(address);
            // Unregistering before the registration completes fails every watch() still waiting on
            // it, such as a subscribe that the client cancelled at once. Waiting lets those finish.
            feed.consumer.completion().onComplete(registered -> feed.consumer.unregister());
        }
    }

    /**
     * Returns the ops of a watched document from version {@code from} to the latest this verticle
     * received, or null when it does not hold all of them, such as for a document no client of the
     * verticle watches.
     */
    List<OpRecord> recentOps(String collection, String docId, long from) {
        Feed feed = feeds.get(Addresses.documentOps(collection, docId));
        if (feed == null) {
            return null;
        }
        feed.forgetOlderThan(System.nanoTime() - RECENT_NANOS);
        if (feed.recent.isEmpty()) {
            return null;
        }
        long first = feed.recent.peekFirst().version();
        long next = feed.recent.peekLast().version() + 1;
        if (from < first || from > next) {
            return null;
        }
        List<OpRecord> ops = new ArrayList<>((int) (next - from));
        for (RecentOp op : feed.recent) {
            if (op.version() >= from) {
                ops.add(OpJson.fromJson(op.op()));
            }
        }
        return ops;
    }

    int size() {
        return feeds.size();
    }
}
