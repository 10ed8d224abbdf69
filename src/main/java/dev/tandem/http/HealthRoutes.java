package dev.tandem.http;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.sqlclient.Pool;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/**
 * {@code /health/live} returns 200 while the process serves HTTP. {@code /health/ready} returns 200
 * only when PostgreSQL replies to a query and the node is a member of the cluster; Redis is reported but
 * does not decide readiness, because losing it costs speed, not service.
 */
public final class HealthRoutes {

    private final String nodeId;
    private final Pool pool;
    private final BooleanSupplier clusterJoined;
    private final Supplier<Future<Boolean>> redisUp;

    public HealthRoutes(String nodeId, Pool pool, BooleanSupplier clusterJoined, Supplier<Future<Boolean>> redisUp) {
        this.nodeId = nodeId;
        this.pool = pool;
        this.clusterJoined = clusterJoined;
        this.redisUp = redisUp;
    }

    public void mount(Router router) {
        router.get("/health/live").handler(routing -> routing.response().putHeader("Content-Type", "application/json")
                .end(new JsonObject().put("status", "UP").put("node", nodeId).encode()));
        router.get("/health/ready").handler(routing -> {
            Future<Boolean> postgres = pool.query("SELECT 1").execute().map(rows -> true).otherwise(false)
                    .timeout(2, java.util.concurrent.TimeUnit.SECONDS).otherwise(false);
            Future<Boolean> redis = redisUp.get().otherwise(false);
            Future.join(postgres, redis).onComplete(done -> {
                boolean pgUp = postgres.succeeded() && postgres.result();
                boolean cluster = clusterJoined.getAsBoolean();
                boolean ready = pgUp && cluster;
                JsonObject body = new JsonObject()
                        .put("status", ready ? "UP" : "DOWN")
                        .put("node", nodeId)
                        .put("checks", new JsonObject()
                                .put("postgres", pgUp ? "UP" : "DOWN")
                                .put("cluster", cluster ? "UP" : "DOWN")
                                .put("redis", redis.succeeded() && redis.result() ? "UP" : "DOWN"));
                routing.response().setStatusCode(ready ? 200 : 503).putHeader("Content-Type", "application/json")
                        .end(body.encode());
            });
        });
    }
}
