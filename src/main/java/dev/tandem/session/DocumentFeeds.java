package dev.tandem.session;

import dev.tandem.cluster.Addresses;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.json.JsonObject;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * One event-bus consumer per watched document on this session verticle, however many of its
 * clients watch it; each committed op is handed to every {@link DocStream} of the document.
 * Confined to the verticle's event loop.
 */
final class DocumentFeeds {

    private final Function<String, MessageConsumer<JsonObject>> consumers;
    private final Map<String, Feed> feeds = new HashMap<>();

    private static final class Feed {
        final MessageConsumer<JsonObject> consumer;
        final Set<DocStream> streams = new LinkedHashSet<>();

        Feed(MessageConsumer<JsonObject> consumer) {
            this.consumer = consumer;
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

    int size() {
        return feeds.size();
    }
}
