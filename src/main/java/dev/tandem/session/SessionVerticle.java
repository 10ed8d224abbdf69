package dev.tandem.session;

import dev.tandem.cluster.DocumentOwnership;
import dev.tandem.document.DocumentClient;
import dev.tandem.document.DocumentHistory;
import dev.tandem.http.Problem;
import dev.tandem.ot.TypeRegistry;
import dev.tandem.presence.PresenceChannels;
import dev.tandem.presence.PresenceTransformer;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.ServerWebSocket;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import io.vertx.ext.web.handler.sockjs.SockJSHandler;
import io.vertx.ext.web.handler.sockjs.SockJSHandlerOptions;
import io.vertx.ext.web.handler.sockjs.SockJSSocket;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
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

    /** Close code of a SockJS session refused because its user has too many connections. */
    static final short CLOSE_TOO_MANY_CONNECTIONS = 4429;

    /** Settings of the session endpoints. */
    public record Settings(String host, int port, long maxMessageBytes, int maxJsonDepth, SessionLimits limits,
            OriginPolicy origins, long sockJsHeartbeatMillis, long sockJsSessionTimeoutMillis) {
    }

    private final Settings settings;
    private final DocumentOwnership ownership;
    private final DocumentClient documents;
    private final DocumentHistory history;
    private final TypeRegistry types;
    private final Consumer<Router> extraRoutes;
    private final UserQuotas userQuotas;
    private HttpServer server;
    private SessionContext context;
    private final Set<Agent> agents = ConcurrentHashMap.newKeySet();

    public SessionVerticle(Settings settings, DocumentOwnership ownership, DocumentClient documents,
            DocumentHistory history, TypeRegistry types, UserQuotas userQuotas, Consumer<Router> extraRoutes) {
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
        registry.gauge("tandem.connections", CONNECTIONS);
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
        ownership.onMemberRemoved(nodeId -> verticleContext.runOnContext(v -> presence.nodeLeft(nodeId)));
        context = new SessionContext(documents, history, new DocumentFeeds(vertx), types,
                new MessageParser(settings.maxMessageBytes(), settings.maxJsonDepth()), presence,
                new PresenceTransformer(history, types), settings.limits(), userQuotas);

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
                .setPerFrameWebSocketCompressionSupported(false);

        Router router = Router.router(vertx);
        router.route("/sharedb").handler(this::checkOrigin).handler(this::upgradeWebSocket);
        router.route("/sockjs/*").handler(this::checkOrigin);
        SockJSHandlerOptions sockJsOptions = new SockJSHandlerOptions()
                .setMaxBytesStreaming(transportLimit)
                .setHeartbeatInterval(settings.sockJsHeartbeatMillis())
                .setSessionTimeout(settings.sockJsSessionTimeoutMillis());
        // The XHR transports post their messages; the body limit bounds what one post may buffer.
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

    /** Answers 403 to a browser page whose origin is not allowed, before any upgrade or SockJS session. */
    private void checkOrigin(RoutingContext routing) {
        String origin = routing.request().getHeader("Origin");
        if (settings.origins().allows(origin)) {
            routing.next();
            return;
        }
        LOG.debug("Refused a session from a disallowed origin: path={} origin={}", routing.normalizedPath(), origin);
        Problem.send(routing, 403, "Origin not allowed", "Sessions from origin '" + origin + "' are not allowed", null);
    }

    private void upgradeWebSocket(RoutingContext routing) {
        String user = devUser(routing.queryParams().get("user"));
        if (!userQuotas.tryOpenConnection(user, System.nanoTime())) {
            LOG.debug("Refused a connection over the per-user limit: user={}", user);
            Problem.send(routing, 429, "Too many connections", "This user already has the maximum of "
                    + userQuotas.maxConnectionsPerUser() + " connections on this node", null);
            return;
        }
        routing.request().toWebSocket().onSuccess(ws -> acceptWebSocket(ws, user)).onFailure(err -> {
            userQuotas.closeConnection(user);
            LOG.debug("WebSocket upgrade failed: {}", err.getMessage());
        });
    }

    private void acceptWebSocket(ServerWebSocket ws, String user) {
        String connectionId = newConnectionId();
        ClientSocket socket = new ClientSocket() {
            @Override
            public void send(String text) {
                if (ws.isClosed()) {
                    return;
                }
                if (ws.writeQueueFull()) {
                    dropSlowClient(connectionId, () -> ws.close((short) 1013, "Client too slow; reconnect"));
                    return;
                }
                ws.writeTextMessage(text);
            }

            @Override
            public void close(short status, String reason) {
                ws.close(status, reason);
            }

            @Override
            public String transport() {
                return "websocket";
            }
        };
        ws.setWriteQueueMaxSize(WRITE_QUEUE_MAX_BYTES);
        Agent agent = connect(connectionId, socket, user);
        ws.textMessageHandler(agent::onText);
        ws.binaryMessageHandler(buffer -> agent.onText(buffer.toString(java.nio.charset.StandardCharsets.UTF_8)));
        ws.closeHandler(v -> disconnect(agent));
        ws.exceptionHandler(err -> LOG.debug("WebSocket error: connection={} {}", agent.connectionId(), err.toString()));
    }

    private void acceptSockJs(SockJSSocket sock) {
        String user = devUser(queryParam(sock.uri(), "user"));
        if (!userQuotas.tryOpenConnection(user, System.nanoTime())) {
            // SockJS has opened the session already, so the refusal is a close code, not an HTTP status.
            LOG.debug("Refused a connection over the per-user limit: user={}", user);
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

    private Agent connect(String connectionId, ClientSocket socket, String user) {
        Agent agent = new Agent(connectionId, user, socket, context);
        CONNECTIONS.incrementAndGet();
        agents.add(agent);
        LOG.debug("Connection opened: connection={} user={} transport={}", connectionId, user, socket.transport());
        agent.open();
        return agent;
    }

    private void disconnect(Agent agent) {
        if (agent.isClosed()) {
            return;
        }
        CONNECTIONS.decrementAndGet();
        agents.remove(agent);
        userQuotas.closeConnection(agent.userId());
        agent.onClose();
    }

    private static void dropSlowClient(String connectionId, Runnable close) {
        LOG.warn("Closing a connection whose client does not read fast enough: connection={} queuedLimitBytes={}",
                connectionId, WRITE_QUEUE_MAX_BYTES);
        close.run();
    }

    /** In dev mode the user only names itself; nothing proves it. */
    private static String devUser(String user) {
        return user == null || user.isBlank() ? "anonymous" : user;
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
