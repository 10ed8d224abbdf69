package dev.tandem.store;

import static dev.tandem.store.StoreTestSupport.await;
import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.RedisAPI;
import io.vertx.sqlclient.Pool;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

@ExtendWith(VertxExtension.class)
class EmbeddedServersTest {

    @Test
    void postgresKeepsDataAcrossRestart(Vertx vertx, @TempDir Path dataDir) throws Exception {
        OpRecord op = StoreTestSupport.edit("embedded", "doc", 0);
        try (EmbeddedPostgresServer first = EmbeddedPostgresServer.start(dataDir)) {
            Pool pool = PgPools.create(vertx, first.url(), 2);
            await(Migrations.apply(pool));
            CommitBatcher batcher = new CommitBatcher(vertx, pool, new CommitBatcher.Options(10, 10));
            assertThat(await(batcher.commit(List.of(op)))).isEqualTo(CommitOutcome.COMMITTED);
            await(pool.close());
        }

        List<OpRecord> afterRestart;
        List<Integer> migrationsAfterRestart;
        try (EmbeddedPostgresServer second = EmbeddedPostgresServer.start(dataDir)) {
            Pool pool = PgPools.create(vertx, second.url(), 2);
            migrationsAfterRestart = await(Migrations.apply(pool));
            afterRestart = await(new OpLog(pool).range("embedded", "doc", 0, Long.MAX_VALUE));
            await(pool.close());
        }

        assertThat(migrationsAfterRestart).isEmpty();
        assertThat(afterRestart).containsExactly(op);
    }

    @Test
    void redisStartsOnFreePort(Vertx vertx) throws Exception {
        int port;
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = socket.getLocalPort();
        }

        String pong;
        try (EmbeddedRedisServer server = EmbeddedRedisServer.start(port)) {
            Redis client = Redis.createClient(vertx, server.url());
            pong = await(RedisAPI.api(client).ping(List.of())).toString();
            client.close();
        }

        assertThat(pong).isEqualTo("PONG");
    }
}
