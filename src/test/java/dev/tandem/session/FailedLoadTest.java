package dev.tandem.session;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tandem.store.CommitBatcher;
import dev.tandem.store.CommitOutcome;
import dev.tandem.store.OpKind;
import dev.tandem.store.OpRecord;
import dev.tandem.store.PgPools;
import dev.tandem.support.ProtocolClient;
import dev.tandem.support.ResettingProxy;
import dev.tandem.support.TestNode;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.Request;
import io.vertx.redis.client.Response;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Tuple;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * A document whose load fails because PostgreSQL resets the connection: the subscriber gets an
 * error, its op is rejected, nothing empty is cached or stored, and a later subscriber gets the
 * stored version once PostgreSQL is reachable again.
 */
class FailedLoadTest {

    private static final String PG_URL = envOr("TANDEM_PG_URL", TestNode.DEFAULT_PG_URL);
    private static final String REDIS_URL = envOr("TANDEM_REDIS_URL", TestNode.DEFAULT_REDIS_URL);
    private static final String JSON0 = "http://sharejs.org/types/JSONv0";

    @Test
    void failedLoadRejectsAndStoresNothing() throws Exception {
        Vertx vertx = Vertx.vertx();
        Pool direct = PgPools.create(vertx, PG_URL, 2);
        Redis redis = Redis.createClient(vertx, REDIS_URL);
        URI pg = URI.create(PG_URL);
        String collection = "failedload" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        try (ResettingProxy proxy = ResettingProxy.start(vertx, pg.getPort());
                TestNode node = TestNode.start(Map.of("TANDEM_PG_URL",
                        PG_URL.replace("127.0.0.1:" + pg.getPort(), "127.0.0.1:" + proxy.port())))) {
            storeHelloAtVersion42(vertx, direct, collection);
            ProtocolClient c1 = connect(vertx, node, "c1");

            proxy.reset();
            JsonObject subscribed = c1.request(subscribe(collection), m -> "s".equals(m.getString("a")));
            JsonObject submitted = c1.request(new JsonObject().put("a", "op").put("c", collection).put("d", "n1")
                    .put("v", 42).put("seq", 1).put("op", new JsonArray().add(new JsonObject()
                            .put("p", new JsonArray().add("t").add(5)).put("si", "!"))),
                    m -> "op".equals(m.getString("a")) && Long.valueOf(1).equals(m.getLong("seq")));
            Response cached = await(redis.send(Request.cmd(Command.EXISTS).arg("tandem:snap:" + collection + "/n1")));
            long snapshots = count(direct, "SELECT count(*) FROM snapshots WHERE collection = $1", collection);
            long ops = count(direct, "SELECT count(*) FROM ops WHERE collection = $1", collection);
            proxy.heal();
            ProtocolClient c3 = connect(vertx, node, "c3");
            JsonObject afterRecovery = c3.request(subscribe(collection), m -> "s".equals(m.getString("a")));

            assertThat(subscribed.getJsonObject("error")).as("subscribe reply %s", subscribed).isNotNull();
            assertThat(submitted.getJsonObject("error")).as("op reply %s", submitted).isNotNull();
            assertThat(cached.toInteger()).as("cache entries of the document").isZero();
            assertThat(snapshots).as("stored snapshots of the document").isZero();
            assertThat(ops).as("stored ops of the document").isEqualTo(42);
            assertThat(afterRecovery.getJsonObject("error")).as("subscribe reply %s", afterRecovery).isNull();
            assertThat(afterRecovery.getJsonObject("data").getLong("v")).isEqualTo(42);
            assertThat(afterRecovery.getJsonObject("data").getJsonObject("data").getString("t")).isEqualTo("hello");
            c1.close();
            c3.close();
        } finally {
            redis.close();
            await(direct.close());
            await(vertx.close());
        }
    }

    private static String envOr(String name, String fallback) {
        String value = System.getenv(name);
        return value == null || value.isBlank() ? fallback : value;
    }

    private static ProtocolClient connect(Vertx vertx, TestNode node, String user) throws Exception {
        ProtocolClient client = ProtocolClient.connect(vertx, node.httpPort(), user);
        client.request(new JsonObject().put("a", "hs").put("protocol", 1).put("protocolMinor", 2),
                m -> "hs".equals(m.getString("a")));
        return client;
    }

    private static JsonObject subscribe(String collection) {
        return new JsonObject().put("a", "s").put("c", collection).put("d", "n1");
    }

    /** Stores a json0 document {"t": "hello"} at version 42: a create and 41 ops that set t to itself. */
    private static void storeHelloAtVersion42(Vertx vertx, Pool pool, String collection) throws Exception {
        List<OpRecord> ops = new ArrayList<>();
        ops.add(new OpRecord(collection, "n1", 0, OpKind.CREATE, JSON0, Map.of("t", "hello"), "setup", 1, 1_000,
                "setup"));
        for (long version = 1; version < 42; version++) {
            ops.add(new OpRecord(collection, "n1", version, OpKind.EDIT, null,
                    List.of(Map.of("p", List.of("t"), "od", "hello", "oi", "hello")), "setup", version + 1,
                    1_000 + version, "setup"));
        }
        // Everyone may edit it, as on a dev-mode node, so that the test's users pass the access checks.
        CommitOutcome outcome = await(new CommitBatcher(vertx, pool, new CommitBatcher.Options(100, 100, "editor"))
                .commit(ops));
        assertThat(outcome).isEqualTo(CommitOutcome.COMMITTED);
    }

    private static long count(Pool pool, String sql, String collection) throws Exception {
        return await(pool.preparedQuery(sql).execute(Tuple.of(collection))).iterator().next().getLong(0);
    }

    private static <T> T await(io.vertx.core.Future<T> future) throws Exception {
        return future.toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
    }
}
