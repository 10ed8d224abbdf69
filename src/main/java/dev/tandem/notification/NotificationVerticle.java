package dev.tandem.notification;

import dev.tandem.auth.DocumentGrants;
import dev.tandem.auth.GrantStore;
import dev.tandem.auth.Role;
import dev.tandem.auth.UserIds;
import dev.tandem.cluster.Addresses;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.eventbus.Message;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Decides who is notified of the events that this node's sequencers and grant changes send on
 * {@link Addresses#NOTIFICATION_EVENTS}, stores the notifications in the {@link Inbox}, and then
 * publishes each on its user's address, where the event-bus bridge of any node delivers it to the
 * user's open browsers.
 *
 * <p>Nobody is notified of their own action. A mention notifies only users who may read the
 * document (directly or through a grant to everyone), checked against the grants in PostgreSQL at
 * that moment. A deletion or restoration notifies the document's owners.
 *
 * <p>Delivery is at most once: an event that is lost with its node, whose inbox write fails, or
 * that arrives while {@link #MAX_QUEUED_EVENTS} wait, is not retried, and a push goes only to
 * browsers that are connected at that moment.
 */
public final class NotificationVerticle extends VerticleBase {

    private static final Logger LOG = LoggerFactory.getLogger(NotificationVerticle.class);

    private final Inbox inbox;
    private final GrantStore grants;
    private final Clock clock;
    /**
     * Events waiting to be handled beyond which new ones are dropped, so that a PostgreSQL outage
     * cannot fill the heap.
     */
    static final int MAX_QUEUED_EVENTS = 10_000;

    private MessageConsumer<JsonObject> consumer;
    /** Completes when the last queued event has been handled. Confined to this verticle's event loop. */
    private Future<Void> tail = Future.succeededFuture();
    private int queued;
    private long dropped;

    public NotificationVerticle(Inbox inbox, GrantStore grants, Clock clock) {
        this.inbox = inbox;
        this.grants = grants;
        this.clock = clock;
    }

    @Override
    public Future<?> start() {
        consumer = vertx.eventBus().localConsumer(Addresses.NOTIFICATION_EVENTS, this::handle);
        return consumer.completion();
    }

    @Override
    public Future<?> stop() {
        return consumer.unregister();
    }

    /**
     * Queues the event behind those before it. Handling one event at a time keeps a user's
     * notifications from one node in the order of their events, in the inbox ids and in the pushes.
     * Otherwise a share, a role change and a removal in quick succession would race.
     */
    private void handle(Message<JsonObject> message) {
        if (queued >= MAX_QUEUED_EVENTS) {
            dropped++;
            if (dropped == 1 || dropped % 1000 == 0) {
                LOG.atWarn().addKeyValue("queued", queued).addKeyValue("droppedSoFar", dropped)
                        .log("Notification events dropped: too many wait for PostgreSQL");
            }
            return;
        }
        queued++;
        JsonObject event = message.body();
        tail = tail.transform(previous -> process(event)).onComplete(done -> queued--);
    }

    /** Stores and pushes the event's notifications; completes, never failed, once that is done or has failed. */
    private Future<Void> process(JsonObject event) {
        String collection = event.getString("c");
        String docId = event.getString("d");
        Future<List<Notification>> recipients = switch (event.getString("event", "")) {
            case "grant" -> Future.succeededFuture(grantNotifications(event));
            case "mention" -> grants.load(collection, docId).map(current -> mentionNotifications(event, current));
            case "deleted" -> grants.load(collection, docId).map(current ->
                    ownerNotifications(event, current, NotificationKind.DELETED));
            case "restored" -> grants.load(collection, docId).map(current ->
                    ownerNotifications(event, current, NotificationKind.RESTORED));
            default -> Future.succeededFuture(List.of());
        };
        return recipients.compose(notifications -> inbox.store(notifications, clock.millis()))
                .onSuccess(this::push)
                .onFailure(err -> LOG.atWarn().addKeyValue("event", event.getString("event"))
                        .addKeyValue("collection", collection).addKeyValue("docId", docId).setCause(err)
                        .log("Notifications not stored; they are lost"))
                .<Void>mapEmpty()
                .otherwiseEmpty();
    }

    private void push(List<Notification> stored) {
        for (Notification notification : stored) {
            vertx.eventBus().publish(Addresses.userNotifications(notification.userId()), notification.toJson());
            LOG.atDebug().addKeyValue("user", notification.userId()).addKeyValue("kind", notification.kind().wireName())
                    .addKeyValue("collection", notification.collection()).addKeyValue("docId", notification.docId())
                    .addKeyValue("id", notification.id()).log("Notification stored and published");
        }
    }

    /** Tells the user whose grant changed, unless it is everyone's grant or they changed it themselves. */
    static List<Notification> grantNotifications(JsonObject event) {
        String user = event.getString("user");
        String actor = event.getString("actor");
        String role = event.getString("role");
        String previousRole = event.getString("previousRole");
        if (user == null || UserIds.EVERYONE.equals(user) || user.equals(actor)
                || Objects.equals(role, previousRole)) {
            return List.of();
        }
        NotificationKind kind = previousRole == null ? NotificationKind.SHARED
                : role == null ? NotificationKind.UNSHARED : NotificationKind.ROLE_CHANGED;
        return List.of(new Notification(0, user, kind, event.getString("c"), event.getString("d"), actor, null, role,
                previousRole, 0, false));
    }

    static List<Notification> mentionNotifications(JsonObject event, DocumentGrants current) {
        String actor = event.getString("actor");
        List<Notification> result = new ArrayList<>();
        JsonArray users = event.getJsonArray("users", new JsonArray());
        for (int i = 0; i < users.size(); i++) {
            String user = users.getValue(i) instanceof String id ? id : null;
            if (user == null || user.equals(actor) || UserIds.problem(user) != null) {
                continue;
            }
            if (current.roleOf(user).isEmpty()) {
                LOG.atDebug().addKeyValue("user", user).addKeyValue("collection", event.getString("c"))
                        .addKeyValue("docId", event.getString("d"))
                        .log("Mention of a user who cannot read the document; not notified");
                continue;
            }
            result.add(new Notification(0, user, NotificationKind.MENTIONED, event.getString("c"), event.getString("d"),
                    actor, event.getLong("v"), null, null, 0, false));
        }
        return result;
    }

    static List<Notification> ownerNotifications(JsonObject event, DocumentGrants current, NotificationKind kind) {
        String actor = event.getString("actor");
        List<Notification> result = new ArrayList<>();
        for (Map.Entry<String, Role> grant : current.roles().entrySet()) {
            String user = grant.getKey();
            if (grant.getValue() == Role.OWNER && !UserIds.EVERYONE.equals(user) && !user.equals(actor)) {
                result.add(new Notification(0, user, kind, event.getString("c"), event.getString("d"), actor,
                        event.getLong("v"), null, null, 0, false));
            }
        }
        return result;
    }
}
