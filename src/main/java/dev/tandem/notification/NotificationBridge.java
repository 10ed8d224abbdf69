package dev.tandem.notification;

import dev.tandem.auth.Authenticator;
import dev.tandem.auth.Principal;
import dev.tandem.auth.UserIds;
import dev.tandem.cluster.Addresses;
import dev.tandem.session.OriginPolicy;
import io.vertx.core.Vertx;
import io.vertx.ext.bridge.PermittedOptions;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.handler.BodyHandler;
import io.vertx.ext.web.handler.sockjs.BridgeEvent;
import io.vertx.ext.web.handler.sockjs.SockJSBridgeOptions;
import io.vertx.ext.web.handler.sockjs.SockJSHandler;
import io.vertx.ext.web.handler.sockjs.SockJSHandlerOptions;
import io.vertx.ext.web.handler.sockjs.SockJSSocket;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The SockJS event-bus bridge at {@code /eventbus}, through which browsers receive their
 * notifications live (the {@code @vertx/eventbus-bridge-client.js} protocol).
 *
 * <p>Every SockJS request is authenticated as on the ShareDB endpoints: the {@code access_token}
 * query parameter in jwt mode, the {@code user} parameter in dev mode. A socket may register only
 * its own user's address {@code tandem.notify.<user>} and may send and publish nothing: the bridge
 * permits no inbound address, and the event hook rejects every send, publish and foreign register
 * as a second line. A socket whose token expires is closed, and the client reconnects with a new token.
 */
public final class NotificationBridge {

    private static final Logger LOG = LoggerFactory.getLogger(NotificationBridge.class);
    public static final String PATH = "/eventbus";
    private static final String PRINCIPAL_KEY = "tandem.bridge.principal";
    /** Inbound frames are register, unregister and ping messages of a few hundred bytes. */
    private static final long MAX_POST_BYTES = 64 * 1024;
    /**
     * A socket needs its one address, and the bridge rejects a second registration of the same
     * address. Each registration is a clustered consumer, a write to Hazelcast, so one is also the bound.
     */
    private static final int MAX_HANDLERS_PER_SOCKET = 1;

    private final Vertx vertx;
    private final Authenticator authenticator;
    private final OriginPolicy origins;
    /** Expiry timers of open sockets, removed when the socket closes. */
    private final Map<SockJSSocket, Long> expiryTimers = new ConcurrentHashMap<>();

    public NotificationBridge(Vertx vertx, Authenticator authenticator, OriginPolicy origins) {
        this.vertx = vertx;
        this.authenticator = authenticator;
        this.origins = origins;
    }

    public void mount(Router router) {
        SockJSBridgeOptions bridgeOptions = new SockJSBridgeOptions()
                .addOutboundPermitted(new PermittedOptions()
                        .setAddressRegex(Pattern.quote(Addresses.USER_NOTIFICATIONS_PREFIX) + "(?s).+"))
                .setMaxAddressLength(Addresses.USER_NOTIFICATIONS_PREFIX.length() + UserIds.MAX_LENGTH)
                .setMaxHandlersPerSocket(MAX_HANDLERS_PER_SOCKET);
        SockJSHandlerOptions sockJsOptions = new SockJSHandlerOptions().setHeartbeatInterval(25_000)
                .setSessionTimeout(30_000);
        router.route(PATH + "/*").handler(origins::check);
        router.route(PATH + "/*").handler(authenticator.routeHandler(PRINCIPAL_KEY));
        router.post(PATH + "/*").handler(BodyHandler.create().setBodyLimit(MAX_POST_BYTES));
        router.route(PATH + "/*").subRouter(SockJSHandler.create(vertx, sockJsOptions).bridge(bridgeOptions, this::onEvent));
    }

    private void onEvent(BridgeEvent event) {
        SockJSSocket socket = event.socket();
        Principal principal = socket.routingContext() == null ? null : socket.routingContext().get(PRINCIPAL_KEY);
        if (principal == null) {
            // Only a request that passed authenticate opens a socket; a socket without one is rejected.
            LOG.warn("Event-bus bridge socket without an authenticated request; rejecting: type={}", event.type());
            event.complete(false);
            return;
        }
        switch (event.type()) {
            case SOCKET_CREATED -> {
                closeOnExpiry(socket, principal);
                LOG.atDebug().addKeyValue("user", principal.userId()).log("Notification bridge socket opened");
                event.complete(true);
            }
            case SOCKET_CLOSED -> {
                Long timer = expiryTimers.remove(socket);
                if (timer != null) {
                    vertx.cancelTimer(timer);
                }
                event.complete(true);
            }
            case REGISTER, RECEIVE -> {
                String address = event.getRawMessage() == null ? null : event.getRawMessage().getString("address");
                boolean own = Addresses.userNotifications(principal.userId()).equals(address);
                if (!own) {
                    LOG.atDebug().addKeyValue("user", principal.userId()).addKeyValue("type", event.type())
                            .log("Notification bridge rejected an address of another user");
                }
                event.complete(own);
            }
            case SEND, PUBLISH -> {
                LOG.atDebug().addKeyValue("user", principal.userId()).addKeyValue("type", event.type())
                        .log("Notification bridge rejected an inbound message");
                event.complete(false);
            }
            default -> event.complete(true);
        }
    }

    private void closeOnExpiry(SockJSSocket socket, Principal principal) {
        Instant expiresAt = principal.expiresAt();
        if (expiresAt == null) {
            return;
        }
        long delayMillis = Math.max(1, Duration.between(Instant.now(), expiresAt).toMillis());
        long timer = vertx.setTimer(delayMillis, id -> {
            expiryTimers.remove(socket);
            LOG.atInfo().addKeyValue("user", principal.userId())
                    .log("Closing a notification bridge socket whose access token expired");
            // Vert.x 5.0.7's SockJS session ignores a close status and always sends 3000 "Go away!",
            // so the client sees the same close as for any other reason.
            socket.close();
        });
        expiryTimers.put(socket, timer);
    }
}
