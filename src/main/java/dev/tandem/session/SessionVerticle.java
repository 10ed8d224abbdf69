package dev.tandem.session;

import dev.tandem.auth.AccessControl;
import dev.tandem.auth.Authenticator;
import dev.tandem.auth.BearerTokens;
import dev.tandem.auth.Principal;
import dev.tandem.auth.Unauthorized;
import dev.tandem.cluster.DocumentOwnership;
import dev.tandem.document.DocumentClient;
import dev.tandem.document.DocumentHistory;
import dev.tandem.http.Problem;
import dev.tandem.ot.TypeRegistry;
import dev.tandem.presence.PresenceChannels;
import dev.tandem.presence.PresenceTransformer;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.netty.channel.ChannelHandlerContext;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.http.HttpConnection;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.ServerWebSocket;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import io.vertx.ext.web.handler.sockjs.SockJSHandler;
import io.vertx.ext.web.handler.sockjs.SockJSHandlerOptions;
import io.vertx.ext.web.handler.sockjs.SockJSSocket;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The HTTP server of a node: the ShareDB endpoints over WebSocket ({@code /sharedb}) and SockJS
 * ({@code /sockjs}), plus the routes that {@code extraRoutes} adds (REST, health, metrics). Each
 * connection gets an {@link Agent}.
 */
public final class SessionVerticle extends VerticleBase {

    private static final Logger LOG = LoggerFactory.getLogger(SessionVerticle.class);
    private static final AtomicInteger CONNECTIONS = new AtomicInteger();
    /** Session verticles of this process, read by the gauges of {@link #registerMetrics}. */
    private static final Set<SessionVerticle> RUNNING = ConcurrentHashMap.newKeySet();
    /**
     * Bytes queued for one client beyond which it is disconnected: a client that cannot keep up
     * would otherwise make the node buffer every op for it. It reconnects and catches up from the
     * op log.
     */
    private static final int WRITE_QUEUE_MAX_BYTES = 16 * 1024 * 1024;
    /** WebSocket close status of a connection that is not or no longer authenticated; 4000-4999 are for applications. */
    static final short CLOSE_UNAUTHORIZED = 4401;
    private static final String PRINCIPAL_KEY = "tandem.principal";

    /** Close code of a SockJS session refused because its user has too many connections. */
    static final short CLOSE_TOO_MANY_CONNECTIONS = 4429;

    /** Settings of the session endpoints. */
    public record Settings(String host, int port, long maxMessageBytes, int maxJsonDepth, SessionLimits limits,
            OriginPolicy origins, long sockJsHeartbeatMillis, long sockJsSessionTimeoutMillis, long flushIntervalMicros) {
    }

    private final Settings settings;
    private final DocumentOwnership ownership;
    private final DocumentClient documents;
    private final DocumentHistory history;
    private final TypeRegistry types;
    private final Consumer<Router> extraRoutes;
    private final Authenticator authenticator;
    private final AccessControl access;
    private final UserQuotas userQuotas;
    /** Open connections; concurrent because the metric gauges read it from the scrape thread. */
    private final Set<Agent> agents = ConcurrentHashMap.newKeySet();
    private HttpServer server;
    private SessionContext context;
    private FlushPass flushes;
    private boolean warnedUnbatched;

    public SessionVerticle(Settings settings, DocumentOwnership ownership, DocumentClient documents,
            DocumentHistory history, TypeRegistry types, Authenticator authenticator, AccessControl access,
            UserQuotas userQuotas, Consumer<Router> extraRoutes) {
        this.authenticator = authenticator;
        this.access = access;
        this.settings = settings;
        this.ownership = ownership;
        this.documents = documents;
        this.history = history;
        this.types = types;
        this.extraRoutes = extraRoutes;
        this.userQuotas = userQuotas;
    }

    /**
     * Registers the session gauges once per process: open connections, their document and presence
     * subscriptions, the presence they published, and the event-bus consumers behind them. Each
     * returns to zero when every client has gone, so a leak shows as a gauge that stays up. The
     * gauges read event-loop state from the scrape thread, so a value may be a moment old.
     */
    public static void registerMetrics(MeterRegistry registry) {
        Gauge.builder("tandem.connections", CONNECTIONS, AtomicInteger::get)
                .description("Open WebSocket and SockJS connections").register(registry);
        Gauge.builder("tandem.session.subscriptions", () -> sumOverAgents(Agent::subscriptionCount))
                .description("Document subscriptions of open connections").register(registry);
        Gauge.builder("tandem.session.presence.subscriptions", () -> sumOverAgents(Agent::presenceSubscriptionCount))
                .description("Presence channel subscriptions of open connections").register(registry);
        Gauge.builder("tandem.session.presence.published", () -> sumOverAgents(Agent::publishedPresenceCount))
                .description("Presence values that open connections published").register(registry);
        Gauge.builder("tandem.session.eventbus.consumers", () -> RUNNING.stream()
                .mapToInt(verticle -> verticle.context == null ? 0
                        : verticle.context.feeds().size() + verticle.context.presence().size()).sum())
                .description("Event-bus consumers of watched documents and presence channels").register(registry);
    }

    private static int sumOverAgents(java.util.function.ToIntFunction<Agent> count) {
        return RUNNING.stream().flatMap(verticle -> verticle.agents.stream()).mapToInt(count).sum();
    }

    @Override
    public Future<?> start() {
        PresenceChannels presence = new PresenceChannels(vertx, ownership.localNodeId());
        io.vertx.core.Context verticleContext = vertx.getOrCreateContext();
        flushes = new FlushPass(verticleContext, TimeUnit.MICROSECONDS.toNanos(settings.flushIntervalMicros()));
        ownership.onMemberRemoved(nodeId -> verticleContext.runOnContext(v -> presence.nodeLeft(nodeId)));
        context = new SessionContext(documents, history, new DocumentFeeds(vertx), types,
                new MessageParser(settings.maxMessageBytes(), settings.maxJsonDepth()), presence,
                new PresenceTransformer(history, types), settings.limits(), userQuotas, new RequestAccess(access));
        access.onChange((collection, docId) -> verticleContext.runOnContext(v -> {
            for (Agent agent : List.copyOf(agents)) {
                agent.onGrantsChanged(collection, docId);
            }
        }));

        // Vert.x's frame and message limits sit above the protocol limit, so that a message a
        // little over it gets an ERR_MESSAGE_TOO_LARGE reply on an open socket instead of a close.
        int transportLimit = (int) Math.min(Integer.MAX_VALUE - 1024, settings.maxMessageBytes() * 4 + 65536);
        HttpServerOptions options = new HttpServerOptions()
                .setHost(settings.host())
                .setPort(settings.port())
                .setMaxWebSocketFrameSize(transportLimit)
                .setMaxWebSocketMessageSize(transportLimit)
                .setCompressionSupported(true)
                // A few kilobytes of permessage-deflate inflate to gigabytes on the event loop before
                // any size limit applies, so WebSocket compression is refused.
                .setPerMessageWebSocketCompressionSupported(false)
                .setPerFrameWebSocketCompressionSupported(false)
                .setWebSocketSubProtocols(List.of(BearerTokens.SUBPROTOCOL));

        Router router = Router.router(vertx);
        router.route("/sharedb").handler(settings.origins()::check).handler(this::upgradeWebSocket);
        router.route("/sockjs/*").handler(settings.origins()::check);
        SockJSHandlerOptions sockJsOptions = new SockJSHandlerOptions()
                .setMaxBytesStreaming(transportLimit)
                .setHeartbeatInterval(settings.sockJsHeartbeatMillis())
                .setSessionTimeout(settings.sockJsSessionTimeoutMillis());
        // The XHR transports post their messages; the body limit bounds what one post may buffer.
        // Every SockJS request, from /info to each transport request, carries the credentials, so a
        // rejected one gets a 401 before any SockJS or protocol frame.
        router.route("/sockjs/*").handler(authenticator.routeHandler(PRINCIPAL_KEY));
        router.post("/sockjs/*").handler(BodyHandler.create().setBodyLimit(transportLimit));
        router.route("/sockjs/*").subRouter(SockJSHandler.create(vertx, sockJsOptions).socketHandler(this::acceptSockJs));
        extraRoutes.accept(router);

        return vertx.createHttpServer(options).requestHandler(router).listen().onSuccess(s -> {
            server = s;
            RUNNING.add(this);
            LOG.info("Session endpoints listening: host={} port={}", settings.host(), s.actualPort());
        });
    }

    @Override
    public Future<?> stop() {
        RUNNING.remove(this);
        return server == null ? Future.succeededFuture() : server.close();
    }

    /**
     * Authenticates the upgrade request and only then completes the upgrade, so a client whose
     * credentials are rejected gets a 401, and a user over the connection limit a 429, and never
     * an open socket.
     */
    private void upgradeWebSocket(RoutingContext routing) {
        routing.request().pause();
        authenticator.authenticate(routing.request()).onComplete(result -> {
            if (result.failed()) {
                Unauthorized.send(routing, result.cause());
                return;
            }
            String user = result.result().userId();
            if (!userQuotas.tryOpenConnection(user, System.nanoTime())) {
                LOG.debug("Refused a connection over the per-user limit: user={}", user);
                Problem.send(routing, 429, "Too many connections", "This user already has the maximum of "
                        + userQuotas.maxConnectionsPerUser() + " connections on this node",
                        ErrorCode.ERR_RATE_LIMIT_EXCEEDED.name());
                return;
            }
            routing.request().resume();
            HttpConnection http = routing.request().connection();
            routing.request().toWebSocket().onSuccess(ws -> acceptWebSocket(ws, WebSocketClient.frameContext(http),
                    result.result())).onFailure(err -> {
                userQuotas.closeConnection(user);
                LOG.debug("WebSocket upgrade failed: {}", err.getMessage());
            });
        });
    }

    private void acceptWebSocket(ServerWebSocket ws, ChannelHandlerContext frames, Principal user) {
        String connectionId = newConnectionId();
        if (frames == null && !warnedUnbatched) {
            warnedUnbatched = true;
            LOG.warn("The WebSocket's Netty channel was not found; each frame is flushed on its own: connection={}",
                    connectionId);
        }
        ClientSocket socket = new WebSocketClient(ws, frames, flushes,
                () -> dropSlowClient(connectionId, () -> ws.close((short) 1013, "Client too slow; reconnect")));
        ws.setWriteQueueMaxSize(WRITE_QUEUE_MAX_BYTES);
        Agent agent = connect(connectionId, socket, user);
        ws.textMessageHandler(agent::onText);
        ws.binaryMessageHandler(buffer -> agent.onText(buffer.toString(java.nio.charset.StandardCharsets.UTF_8)));
        ws.closeHandler(v -> disconnect(agent));
        ws.exceptionHandler(err -> LOG.debug("WebSocket error: connection={} {}", agent.connectionId(), err.toString()));
    }

    private void acceptSockJs(SockJSSocket sock) {
        Principal user = sock.routingContext() == null ? null : sock.routingContext().get(PRINCIPAL_KEY);
        if (user == null) {
            // Only a request that passed authentication opens a session.
            LOG.warn("SockJS session without an authenticated request; closing it");
            sock.close(CLOSE_UNAUTHORIZED, "Not authenticated");
            return;
        }
        if (!userQuotas.tryOpenConnection(user.userId(), System.nanoTime())) {
            // SockJS has opened the session already, so the refusal is a close code, not an HTTP status.
            LOG.debug("Refused a connection over the per-user limit: user={}", user.userId());
            sock.close(CLOSE_TOO_MANY_CONNECTIONS, "Too many connections for this user");
            return;
        }
        String connectionId = newConnectionId();
        ClientSocket socket = new ClientSocket() {
            @Override
            public void send(String text) {
                if (sock.writeQueueFull()) {
                    dropSlowClient(connectionId, () -> sock.close(1013, "Client too slow; reconnect"));
                    return;
                }
                sock.write(text);
            }

            @Override
            public void close(short status, String reason) {
                sock.close(status, reason);
            }

            @Override
            public String transport() {
                return "sockjs";
            }
        };
        sock.setWriteQueueMaxSize(WRITE_QUEUE_MAX_BYTES);
        Agent agent = connect(connectionId, socket, user);
        sock.handler(buffer -> agent.onText(buffer.toString(java.nio.charset.StandardCharsets.UTF_8)));
        sock.endHandler(v -> disconnect(agent));
        sock.exceptionHandler(err -> LOG.debug("SockJS error: connection={} {}", agent.connectionId(), err.toString()));
    }

    private static String newConnectionId() {
        return UUID.randomUUID().toString().replace("-", "");
    }

    private Agent connect(String connectionId, ClientSocket socket, Principal user) {
        Agent agent = new Agent(connectionId, user.userId(), socket, context);
        CONNECTIONS.incrementAndGet();
        agents.add(agent);
        LOG.debug("Connection opened: connection={} user={} transport={}", connectionId, user.userId(), socket.transport());
        closeOnExpiry(agent, socket, user.expiresAt());
        agent.open();
        return agent;
    }

    /**
     * Closes the connection when its token expires, so that a revoked user cannot stay connected on an
     * old token. The client reconnects with a fresh one.
     */
    private void closeOnExpiry(Agent agent, ClientSocket socket, Instant expiresAt) {
        if (expiresAt == null) {
            return;
        }
        long delayMillis = Math.max(1, Duration.between(Instant.now(), expiresAt).toMillis());
        long timer = vertx.setTimer(delayMillis, id -> {
            if (agents.contains(agent)) {
                LOG.atInfo().addKeyValue("connection", agent.connectionId())
                        .log("Closing a connection whose access token expired");
                socket.close(CLOSE_UNAUTHORIZED, "Access token expired; reconnect with a new token");
            }
        });
        agent.onCloseRun(() -> vertx.cancelTimer(timer));
    }

    private void disconnect(Agent agent) {
        if (agents.remove(agent)) {
            CONNECTIONS.decrementAndGet();
            userQuotas.closeConnection(agent.userId());
        }
        agent.onClose();
    }

    private static void dropSlowClient(String connectionId, Runnable close) {
        LOG.warn("Closing a connection whose client does not read fast enough: connection={} queuedLimitBytes={}",
                connectionId, WRITE_QUEUE_MAX_BYTES);
        close.run();
    }

    static String queryParam(String uri, String name) {
        int query = uri.indexOf('?');
        if (query < 0) {
            return null;
        }
        for (String pair : uri.substring(query + 1).split("&")) {
            int eq = pair.indexOf('=');
            String key = eq < 0 ? pair : pair.substring(0, eq);
            if (key.equals(name)) {
                return eq < 0 ? "" : java.net.URLDecoder.decode(pair.substring(eq + 1), java.nio.charset.StandardCharsets.UTF_8);
            }
        }
        return null;
    }
}
