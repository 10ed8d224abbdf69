package dev.tandem;

import dev.tandem.auth.AccessControl;
import dev.tandem.auth.Authenticator;
import dev.tandem.auth.GrantStore;
import dev.tandem.cluster.ClusterConfig;
import dev.tandem.cluster.DocumentOwnership;
import dev.tandem.config.Setting;
import dev.tandem.config.TandemConfig;
import dev.tandem.document.DocumentClient;
import dev.tandem.document.DocumentHistory;
import dev.tandem.document.DocumentVerticle;
import dev.tandem.document.DocumentVerticleFactory;
import dev.tandem.http.HealthRoutes;
import dev.tandem.http.NotificationApi;
import dev.tandem.http.RestApi;
import dev.tandem.http.StaticRoutes;
import dev.tandem.notification.CommitNotifier;
import dev.tandem.notification.Inbox;
import dev.tandem.notification.NotificationBridge;
import dev.tandem.notification.NotificationVerticle;
import dev.tandem.ot.TypeRegistry;
import dev.tandem.session.OriginPolicy;
import dev.tandem.session.SessionLimits;
import dev.tandem.session.SessionVerticle;
import dev.tandem.session.UserQuotas;
import dev.tandem.store.EmbeddedPostgresServer;
import dev.tandem.store.EmbeddedRedisServer;
import dev.tandem.store.Migrations;
import dev.tandem.store.OpLog;
import dev.tandem.store.PgPools;
import dev.tandem.store.SnapshotCache;
import dev.tandem.store.SnapshotStore;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.ThreadingModel;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.eventbus.EventBusOptions;
import io.vertx.micrometer.MicrometerMetricsFactory;
import io.vertx.micrometer.MicrometerMetricsOptions;
import io.vertx.micrometer.PrometheusScrapingHandler;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.Request;
import io.vertx.spi.cluster.hazelcast.HazelcastClusterManager;
import io.vertx.sqlclient.Pool;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One node's lifecycle: embedded servers when none is configured, the clustered Vert.x instance,
 * the store, and the document and session verticles. {@link #stop()} reverses it and may be called
 * at any point, once.
 */
public final class Node {

    private static final Logger LOG = LoggerFactory.getLogger(Node.class);
    private static final long START_TIMEOUT_SECONDS = 120;
    private static final long REDIS_TIMEOUT_MILLIS = 2000;
    private static final long FETCH_TIMEOUT_MILLIS = 15_000;

    private final TandemConfig config;
    private EmbeddedPostgresServer embeddedPostgres;
    private EmbeddedRedisServer embeddedRedis;
    private Vertx vertx;
    private Pool pool;
    private Redis redis;
    private String documentDeployment;
    private String sessionDeployment;
    private String notificationDeployment;
    private boolean stopped;

    private final Runnable afterSplitStop;

    /**
     * @param afterSplitStop run after the node stopped itself because it had been split from the
     *     cluster and merged back; {@code Main} exits the process so that a supervisor restarts it
     */
    public Node(TandemConfig config, Runnable afterSplitStop) {
        this.config = config;
        this.afterSplitStop = afterSplitStop;
    }

    public Node(TandemConfig config) {
        this(config, () -> { });
    }

    public synchronized void start() throws Exception {
        if ("dev".equals(config.authMode())) {
            LOG.warn("Auth mode is 'dev': clients name their own user with ?user= or X-Tandem-User and nothing is"
                    + " verified. Use it for development only.");
        }
        if (config.longValue(Setting.TEST_AUTH_DELAY_MILLIS) > 0) {
            LOG.warn("Test hook on: every authentication is delayed by {} ms", config.longValue(Setting.TEST_AUTH_DELAY_MILLIS));
        }
        String postgresUrl = config.postgresUrl();
        if (postgresUrl.isEmpty()) {
            embeddedPostgres = EmbeddedPostgresServer.start(config.dataDir(), config.intValue(Setting.EMBEDDED_PG_PORT));
            postgresUrl = embeddedPostgres.url();
            LOG.info("Embedded PostgreSQL started: dataDir={} url={}", config.dataDir(), postgresUrl);
        }
        String redisUrl = config.redisUrl();
        if (redisUrl.isEmpty()) {
            embeddedRedis = EmbeddedRedisServer.start(config.intValue(Setting.EMBEDDED_REDIS_PORT));
            redisUrl = embeddedRedis.url();
            LOG.info("Embedded Redis started: url={}", redisUrl);
        }

        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        String clusterHost = config.string(Setting.CLUSTER_HOST);
        HazelcastClusterManager clusterManager = new HazelcastClusterManager(ClusterConfig.hazelcast(config));
        VertxOptions options = new VertxOptions()
                .setEventBusOptions(new EventBusOptions().setHost(clusterHost).setClusterPublicHost(clusterHost)
                        .setPort(config.intValue(Setting.CLUSTER_EVENT_BUS_PORT)))
                .setMetricsOptions(new MicrometerMetricsOptions().setEnabled(true));
        vertx = Vertx.builder().with(options).withMetrics(new MicrometerMetricsFactory(registry))
                .withClusterManager(clusterManager).buildClustered()
                .toCompletionStage().toCompletableFuture().get(START_TIMEOUT_SECONDS, TimeUnit.SECONDS);
        boolean everyNodeOwns = Boolean.parseBoolean(config.string(Setting.TEST_EVERY_NODE_OWNS));
        if (everyNodeOwns) {
            LOG.warn("Test hook on: every node sequences every document, as in a split brain");
        }
        DocumentOwnership ownership = new DocumentOwnership(clusterManager.getHazelcastInstance(), everyNodeOwns);
        clusterManager.getHazelcastInstance().getLifecycleService().addLifecycleListener(event -> {
            if (event.getState() == com.hazelcast.core.LifecycleEvent.LifecycleState.MERGED) {
                stopAfterSplit();
            }
        });
        // Assigns the partition table now, on this thread, so that later owner look-ups on an event
        // loop do not wait for the first assignment.
        ownership.ownerNodeId("tandem", "warm-up");
        LOG.info("Joined the cluster: node={} members={}", ownership.localNodeId(), clusterManager.getNodes().size());
        ownership.onMemberRemoved(nodeId -> LOG.info("Cluster member left; its documents move to the remaining"
                + " members: node={} members={}", nodeId, clusterManager.getHazelcastInstance().getCluster().getMembers().size()));

        pool = PgPools.create(vertx, postgresUrl, config.intValue(Setting.PG_POOL_SIZE), 10_000,
                config.intValue(Setting.PG_IDLE_IN_TRANSACTION_TIMEOUT_MILLIS));
        try {
            Migrations.apply(pool).toCompletionStage().toCompletableFuture().get(START_TIMEOUT_SECONDS, TimeUnit.SECONDS);
        } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
            Throwable cause = e.getCause() != null ? e.getCause() : e;
            throw new IllegalStateException("PostgreSQL at " + withoutPassword(postgresUrl)
                    + " could not be reached or migrated: " + cause.getMessage(), cause);
        }

        TypeRegistry types = TypeRegistry.standard();
        OpLog opLog = new OpLog(pool);
        SnapshotStore snapshots = new SnapshotStore(pool);
        SnapshotCache.Options cacheOptions = new SnapshotCache.Options(config.longValue(Setting.CACHE_TTL_SECONDS),
                config.intValue(Setting.CACHE_COMPRESS_ABOVE_BYTES), REDIS_TIMEOUT_MILLIS);
        redis = SnapshotCache.createClient(vertx, redisUrl, cacheOptions);
        SnapshotCache cache = new SnapshotCache(redis, cacheOptions);
        DocumentHistory history = DocumentHistory.create(opLog, snapshots, cache, types,
                config.longValue(Setting.MAX_CATCH_UP_OPS));
        // A submit may wait on its owner for the whole submit timeout, such as while PostgreSQL is
        // down, so the sender waits a little longer than that for the owner's verdict.
        DocumentClient documents = new DocumentClient(vertx, ownership, FETCH_TIMEOUT_MILLIS,
                config.longValue(Setting.SUBMIT_TIMEOUT_MILLIS) + 5000, registry);

        DocumentVerticle documentVerticle = DocumentVerticleFactory.create(config, ownership, types, pool, opLog,
                snapshots, cache, registry, new CommitNotifier(vertx.eventBus()));
        documentDeployment = await(vertx.deployVerticle(documentVerticle,
                new DeploymentOptions().setThreadingModel(ThreadingModel.EVENT_LOOP)));

        Authenticator authenticator = Authenticator.fromConfig(vertx, config);
        LOG.info("Authentication configured: mode={}", config.authMode());
        GrantStore grants = new GrantStore(pool);
        AccessControl access = new AccessControl(vertx, grants, java.time.Clock.systemUTC(),
                config.intValue(Setting.ACL_CACHE_MAX_DOCUMENTS));
        await(access.start());
        Inbox inbox = new Inbox(pool);
        notificationDeployment = await(vertx.deployVerticle(new NotificationVerticle(inbox, grants,
                java.time.Clock.systemUTC())));
        NotificationApi notifications = new NotificationApi(inbox, java.time.Clock.systemUTC());
        OriginPolicy origins = new OriginPolicy(config.allowedOrigins());
        NotificationBridge bridge = new NotificationBridge(vertx, authenticator, origins);

        SessionVerticle.registerMetrics(registry);
        SessionLimits limits = new SessionLimits(config.longValue(Setting.MAX_OP_BYTES),
                config.intValue(Setting.MAX_SUBSCRIPTIONS_PER_CONNECTION), config.intValue(Setting.OPS_PER_SECOND_PER_CONNECTION),
                config.intValue(Setting.OPS_PER_SECOND_PER_USER), config.intValue(Setting.MAX_CONNECTIONS_PER_USER));
        UserQuotas userQuotas = new UserQuotas(limits.maxConnectionsPerUser(), limits.opsPerSecondPerUser());
        RestApi rest = new RestApi(documents, history, types, config.longValue(Setting.MAX_MESSAGE_BYTES), authenticator,
                access, grants, limits.maxOpBytes(), userQuotas);
        HealthRoutes health = new HealthRoutes(ownership.localNodeId(), pool, clusterManager::isActive, this::redisAnswers);
        StaticRoutes statics = new StaticRoutes();
        SessionVerticle.Settings settings = new SessionVerticle.Settings(config.httpHost(), config.httpPort(),
                config.longValue(Setting.MAX_MESSAGE_BYTES), config.intValue(Setting.MAX_JSON_DEPTH), limits,
                origins, config.longValue(Setting.SOCKJS_HEARTBEAT_MILLIS),
                config.longValue(Setting.SOCKJS_SESSION_TIMEOUT_MILLIS), config.longValue(Setting.WS_FLUSH_INTERVAL_MICROS));
        // Each instance serves the connections that its event loop accepts, so the fan-out of a busy
        // document's ops to its subscribers spreads over the cores instead of queuing on one thread.
        int sessionInstances = config.intValue(Setting.HTTP_INSTANCES) > 0 ? config.intValue(Setting.HTTP_INSTANCES)
                : Runtime.getRuntime().availableProcessors();
        sessionDeployment = await(vertx.deployVerticle(() -> new SessionVerticle(settings, ownership, documents,
                history, types, authenticator, access, userQuotas, router -> {
            rest.mount(router);
            notifications.mount(router);
            bridge.mount(router);
            health.mount(router);
            statics.mount(router);
            router.get("/metrics").handler(PrometheusScrapingHandler.create(registry));
        }), new DeploymentOptions().setInstances(sessionInstances)));
        LOG.info("Tandem node started: node={} http={}:{} sessionInstances={}", ownership.localNodeId(),
                config.httpHost(), config.httpPort(), sessionInstances);
    }

    /** Returns a database URL with any password masked, for messages. */
    static String withoutPassword(String url) {
        return url.replaceFirst("^([a-z]+://[^:/@]+):[^@]*@", "$1:***@");
    }

    private io.vertx.core.Future<Boolean> redisAnswers() {
        return redis.send(Request.cmd(Command.PING)).map(response -> true)
                .timeout(REDIS_TIMEOUT_MILLIS, TimeUnit.MILLISECONDS).otherwise(false);
    }

    /**
     * Stops a node that the cluster declared dead and then took back, such as one that was hung or
     * cut off for longer than the failure-detection time. Its documents were reassigned meanwhile,
     * and Vert.x's event-bus registrations do not survive Hazelcast's merge, so the node steps down
     * instead of serving with a view of the cluster that it cannot trust.
     */
    private void stopAfterSplit() {
        LOG.warn("This node was split from the cluster and merged back; stopping it so that it restarts clean");
        Thread stopper = new Thread(() -> {
            stop();
            afterSplitStop.run();
        }, "tandem-split-stop");
        stopper.setDaemon(false);
        stopper.start();
    }

    private static void closeQuietly(AutoCloseable server) {
        if (server == null) {
            return;
        }
        try {
            server.close();
        } catch (Exception e) {
            LOG.warn("Stopping an embedded server failed: server={}", server.getClass().getSimpleName(), e);
        }
    }

    private void undeploy(String deploymentId) {
        if (deploymentId == null) {
            return;
        }
        try {
            vertx.undeploy(deploymentId).toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
        } catch (Exception e) {
            LOG.warn("Undeploying failed: deployment={}", deploymentId, e);
        }
    }

    private static <T> T await(io.vertx.core.Future<T> future) throws Exception {
        return future.toCompletionStage().toCompletableFuture().get(START_TIMEOUT_SECONDS, TimeUnit.SECONDS);
    }

    /** Stops the node: verticles first (they flush pending commits), then the cluster and embedded servers. */
    public synchronized void stop() {
        if (stopped) {
            return;
        }
        stopped = true;
        LOG.info("Tandem node stopping");
        if (vertx != null) {
            // Sessions stop first so no new op arrives; the document verticle then flushes pending
            // commits and milestones while the PostgreSQL pool is still open.
            undeploy(sessionDeployment);
            undeploy(documentDeployment);
            undeploy(notificationDeployment);
            try {
                vertx.close().toCompletionStage().toCompletableFuture().get(60, TimeUnit.SECONDS);
            } catch (Exception e) {
                LOG.warn("Vert.x did not close cleanly", e);
            }
        }
        closeQuietly(embeddedRedis);
        closeQuietly(embeddedPostgres);
        LOG.info("Tandem node stopped");
    }
}
