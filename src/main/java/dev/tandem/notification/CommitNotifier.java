package dev.tandem.notification;

import dev.tandem.cluster.Addresses;
import dev.tandem.document.CommitListener;
import dev.tandem.store.OpRecord;
import dev.tandem.store.Snapshot;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.EventBus;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.Set;

/**
 * Turns committed ops into notification events for this node's {@link NotificationVerticle}: the
 * users an edit mentions, and the deletion or restoration of a document. Runs on the owner at
 * commit time, which is the one place that handles each op exactly once.
 */
public final class CommitNotifier implements CommitListener {

    private static final DeliveryOptions LOCAL = new DeliveryOptions().setLocalOnly(true);

    private final EventBus eventBus;

    public CommitNotifier(EventBus eventBus) {
        this.eventBus = eventBus;
    }

    @Override
    public void committed(OpRecord op, Snapshot before, Snapshot after) {
        switch (op.kind()) {
            case EDIT -> {
                Set<String> users = MentionDetector.mentions(after.typeUri(), op.body(), before.data(), after.data());
                if (!users.isEmpty()) {
                    send(event("mention", op).put("users", new JsonArray(List.copyOf(users))));
                }
            }
            case DELETE -> send(event("deleted", op));
            case CREATE -> {
                // Version 0 is a document's first create; a create at a later version follows a delete.
                if (op.version() > 0) {
                    send(event("restored", op));
                }
            }
        }
    }

    private static JsonObject event(String name, OpRecord op) {
        return new JsonObject().put("event", name).put("c", op.collection()).put("d", op.docId())
                .put("v", op.version()).put("actor", op.userId());
    }

    private void send(JsonObject event) {
        eventBus.send(Addresses.NOTIFICATION_EVENTS, event, LOCAL);
    }
}
