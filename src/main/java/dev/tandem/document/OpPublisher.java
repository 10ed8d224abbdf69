package dev.tandem.document;

import dev.tandem.cluster.Addresses;
import dev.tandem.store.OpRecord;
import io.vertx.core.eventbus.EventBus;

/** Publishes committed ops on each document's event-bus address, in the order they are given. */
final class OpPublisher {

    private final EventBus eventBus;

    OpPublisher(EventBus eventBus) {
        this.eventBus = eventBus;
    }

    void publish(OpRecord op) {
        eventBus.publish(Addresses.documentOps(op.collection(), op.docId()), OpJson.toJson(op));
    }
}
