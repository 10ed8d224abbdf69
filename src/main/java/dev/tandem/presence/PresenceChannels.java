package dev.tandem.presence;

import dev.tandem.cluster.Addresses;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Relays ShareDB presence between the connections of the whole cluster. Each session verticle
 * has one event-bus consumer per presence channel that any of its connections subscribes to, and
 * hands every message to those connections as one {@link PresenceMessage}, so that it is encoded
 * once and not once per connection. It also remembers, per origin node, the latest
 * presence each remote client announced, so that when a node leaves the cluster its clients'
 * presence is cleared for local subscribers. Confined to the session verticle's event loop.
 */
public final class PresenceChannels {

    private static final Logger LOG = LoggerFactory.getLogger(PresenceChannels.class);
    /** Header naming the node a presence message comes from. */
    static final String ORIGIN_HEADER = "origin";
    /**
     * Time over which the presence requests of one channel are gathered into one. Each subscriber
     * responds to a request by broadcasting its presence to every subscriber, so when N clients join a
     * channel of M at once, responding to each request would cost N times M times M messages.
     */
    static final long REQUEST_GATHER_MILLIS = 200;

    private final Vertx vertx;
    private final Function<String, MessageConsumer<JsonObject>> consumers;
    private final String localNodeId;
    private final Map<String, Channel> channels = new HashMap<>();
    /** Origin node to "channel|src|id" to the latest presence seen from it, for crash cleanup. */
    private final Map<String, Map<String, JsonObject>> remotePresence = new HashMap<>();

    private final class Channel {
        final MessageConsumer<JsonObject> consumer;
        final Set<Consumer<PresenceMessage>> subscribers = new LinkedHashSet<>();
        /** The latest presence request received while one waits to be delivered, or null. */
        JsonObject pendingRequest;

        Channel(MessageConsumer<JsonObject> consumer) {
            this.consumer = consumer;
        }
    }

    public PresenceChannels(Vertx vertx, String localNodeId) {
        this(vertx, localNodeId, channelName -> vertx.eventBus().consumer(Addresses.presence(channelName)));
    }

    /** Creates channels whose consumers come from {@code consumers}, given a channel name, for tests. */
    PresenceChannels(Vertx vertx, String localNodeId, Function<String, MessageConsumer<JsonObject>> consumers) {
        this.vertx = vertx;
        this.localNodeId = localNodeId;
        this.consumers = consumers;
    }

    /** Subscribes {@code subscriber}; the future completes once the channel's consumer is registered. */
    public Future<Void> subscribe(String channelName, Consumer<PresenceMessage> subscriber) {
        Channel channel = channels.get(channelName);
        if (channel == null) {
            MessageConsumer<JsonObject> consumer = consumers.apply(channelName);
            Channel created = new Channel(consumer);
            consumer.handler(message -> {
                if (Boolean.TRUE.equals(message.body().getValue("r"))) {
                    gatherRequest(created, message.body());
                    return;
                }
                remember(message.headers().get(ORIGIN_HEADER), message.body());
                deliver(created, message.body());
            });
            channels.put(channelName, created);
            channel = created;
        }
        channel.subscribers.add(subscriber);
        return channel.consumer.completion();
    }

    /**
     * Delivers a presence request once the gathering time has passed, together with any others
     * that arrive meanwhile. Every requester has subscribed before it sent its request, so the
     * responses to the one delivered request reach all of them.
     */
    private void gatherRequest(Channel channel, JsonObject request) {
        boolean waiting = channel.pendingRequest != null;
        channel.pendingRequest = request;
        if (waiting) {
            return;
        }
        vertx.setTimer(REQUEST_GATHER_MILLIS, id -> {
            JsonObject gathered = channel.pendingRequest;
            channel.pendingRequest = null;
            deliver(channel, gathered);
        });
    }

    private static void deliver(Channel channel, JsonObject body) {
        PresenceMessage shared = new PresenceMessage(body);
        for (Consumer<PresenceMessage> each : new ArrayList<>(channel.subscribers)) {
            each.accept(shared);
        }
    }

    public void unsubscribe(String channelName, Consumer<PresenceMessage> subscriber) {
        Channel channel = channels.get(channelName);
        if (channel == null) {
            return;
        }
        channel.subscribers.remove(subscriber);
        if (channel.subscribers.isEmpty()) {
            channels.remove(channelName);
            // As in DocumentFeeds: unregistering a pending consumer would fail its subscribe().
            channel.consumer.completion().onComplete(registered -> channel.consumer.unregister());
        }
    }

    /** Publishes a presence message or a presence request to every subscriber of its channel. */
    public void publish(String channelName, JsonObject message) {
        vertx.eventBus().publish(Addresses.presence(channelName), message,
                new DeliveryOptions().addHeader(ORIGIN_HEADER, localNodeId));
    }

    private void remember(String origin, JsonObject presence) {
        if (origin == null || origin.equals(localNodeId) || presence.getValue("id") == null) {
            return;
        }
        String key = presence.getString("ch") + "|" + presence.getString("src") + "|" + presence.getString("id");
        Map<String, JsonObject> fromOrigin = remotePresence.computeIfAbsent(origin, k -> new LinkedHashMap<>());
        if (presence.getValue("p") == null) {
            fromOrigin.remove(key);
        } else {
            fromOrigin.put(key, presence);
        }
    }

    /**
     * Clears, for local subscribers, the presence of every client of a node that left the cluster:
     * each gets a presence of {@code null}, as after a clean disconnect.
     */
    public void nodeLeft(String nodeId) {
        Map<String, JsonObject> presences = remotePresence.remove(nodeId);
        if (presences == null || presences.isEmpty()) {
            return;
        }
        LOG.info("Clearing presence of a departed node: node={} presences={}", nodeId, presences.size());
        List<JsonObject> cleared = new ArrayList<>();
        for (JsonObject presence : presences.values()) {
            JsonObject gone = presence.copy().put("p", null);
            Object version = presence.getValue("pv");
            if (version instanceof Number number) {
                gone.put("pv", number.longValue() + 1);
            }
            cleared.add(gone);
        }
        for (JsonObject presence : cleared) {
            Channel channel = channels.get(presence.getString("ch"));
            if (channel != null) {
                deliver(channel, presence);
            }
        }
    }

    public int size() {
        return channels.size();
    }
}
