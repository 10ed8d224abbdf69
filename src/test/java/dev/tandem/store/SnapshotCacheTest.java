package dev.tandem.store;

import static dev.tandem.store.StoreTestSupport.await;
import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.net.NetServer;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.RedisAPI;
import io.vertx.redis.client.Response;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(VertxExtension.class)
class SnapshotCacheTest {

    private static final String TYPE = "http://sharejs.org/types/JSONv0";

    private Redis redis;
    private SnapshotCache cache;
    private String collection;

    @BeforeEach
    void setUp(Vertx vertx) {
        SnapshotCache.Options options = new SnapshotCache.Options(600, 4_096, 2_000);
        redis = SnapshotCache.createClient(vertx, StoreTestSupport.REDIS_URL, options);
        cache = new SnapshotCache(redis, options);
        collection = StoreTestSupport.uniqueCollection("cache");
    }

    @AfterEach
    void tearDown() throws Exception {
        await(RedisAPI.api(redis).del(List.of(SnapshotCache.key(collection, "doc"))));
        redis.close();
    }

    @Test
    void getMissReturnsNull(VertxTestContext ctx) {
        cache.get(collection, "doc").onComplete(ctx.succeeding(snapshot -> ctx.verify(() -> {
            assertThat(snapshot).isNull();
            ctx.completeNow();
        })));
    }

    @Test
    void putThenGetRoundTrips() throws Exception {
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("text", "a\u0000b \uD83D\uDE00");
        data.put("n", 2_147_483_648L);
        Snapshot snapshot = new Snapshot(collection, "doc", 3, TYPE, data, 1_234);

        await(cache.put(snapshot));
        Snapshot cached = await(cache.get(collection, "doc"));

        assertThat(cached).isEqualTo(snapshot);
    }

    @Test
    void olderVersionNeverReplacesNewer() throws Exception {
        await(cache.put(snapshot(5, "five")));

        await(cache.put(snapshot(3, "three")));
        Snapshot afterOlder = await(cache.get(collection, "doc"));
        await(cache.put(snapshot(7, "seven")));
        Snapshot afterNewer = await(cache.get(collection, "doc"));

        assertThat(afterOlder.version()).isEqualTo(5);
        assertThat(afterOlder.data()).isEqualTo("five");
        assertThat(afterNewer.version()).isEqualTo(7);
    }

    @Test
    void concurrentPutsKeepNewestVersion() throws Exception {
        List<Long> versions = new ArrayList<>();
        for (long version = 1; version <= 50; version++) {
            versions.add(version);
        }
        Collections.shuffle(versions, new Random(7));

        List<Future<Void>> puts = new ArrayList<>();
        for (long version : versions) {
            puts.add(cache.put(snapshot(version, "v" + version)));
        }
        await(Future.all(puts));
        Snapshot cached = await(cache.get(collection, "doc"));

        assertThat(cached.version()).isEqualTo(50);
        assertThat(cached.data()).isEqualTo("v50");
    }

    @Test
    void versionsAboveLuaNumberPrecisionCompareExactly() throws Exception {
        long newer = (1L << 53) + 1;
        await(cache.put(snapshot(newer, "newer")));

        await(cache.put(snapshot(newer - 1, "older")));
        Snapshot cached = await(cache.get(collection, "doc"));

        assertThat(cached.version()).isEqualTo(newer);
    }

    @Test
    void largeValueIsCompressed() throws Exception {
        String text = "lorem ipsum dolor sit amet ".repeat(4_000);
        Snapshot snapshot = snapshot(1, text);

        await(cache.put(snapshot));
        Buffer stored = await(RedisAPI.api(redis).hget(SnapshotCache.key(collection, "doc"), "b")).toBuffer();
        Snapshot cached = await(cache.get(collection, "doc"));

        assertThat(stored.getByte(0)).isEqualTo(SnapshotCodec.LZ4);
        assertThat(stored.length()).isLessThan(text.length() / 10);
        assertThat(cached).isEqualTo(snapshot);
    }

    @Test
    void smallValueIsStoredPlain() throws Exception {
        await(cache.put(snapshot(1, "small")));

        Buffer stored = await(RedisAPI.api(redis).hget(SnapshotCache.key(collection, "doc"), "b")).toBuffer();

        assertThat(stored.getByte(0)).isEqualTo(SnapshotCodec.PLAIN);
    }

    @Test
    void putSetsIdleExpiry() throws Exception {
        await(cache.put(snapshot(1, "x")));

        Response ttl = await(RedisAPI.api(redis).ttl(SnapshotCache.key(collection, "doc")));

        assertThat(ttl.toLong()).isBetween(1L, 600L);
    }

    @Test
    void corruptEntryIsMiss() throws Exception {
        await(RedisAPI.api(redis).hset(List.of(SnapshotCache.key(collection, "doc"), "v", "00000000000000000001",
                "b", "\u0007garbage")));

        Snapshot cached = await(cache.get(collection, "doc"));

        assertThat(cached).isNull();
    }

    @Test
    void unreachableRedisIsMissAndPutSucceeds(Vertx vertx) throws Exception {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closedPort = socket.getLocalPort();
        }
        SnapshotCache.Options options = new SnapshotCache.Options(600, 4_096, 1_000);
        Redis down = SnapshotCache.createClient(vertx, "redis://127.0.0.1:" + closedPort, options);
        SnapshotCache downCache = new SnapshotCache(down, options);

        Future<Void> put = downCache.put(snapshot(1, "x"));
        Future<Snapshot> get = downCache.get(collection, "doc");
        await(Future.join(put, get));

        assertThat(put.succeeded()).isTrue();
        assertThat(get.succeeded()).isTrue();
        assertThat(get.result()).isNull();
        down.close();
    }

    @Test
    void silentRedisTimesOutAsMiss(Vertx vertx) throws Exception {
        NetServer silent = await(vertx.createNetServer().connectHandler(socket -> { }).listen(0, "127.0.0.1"));
        SnapshotCache.Options options = new SnapshotCache.Options(600, 4_096, 500);
        Redis hanging = SnapshotCache.createClient(vertx, "redis://127.0.0.1:" + silent.actualPort(), options);
        SnapshotCache hangingCache = new SnapshotCache(hanging, options);
        long start = System.nanoTime();

        Snapshot cached = await(hangingCache.get(collection, "doc"));
        await(hangingCache.put(snapshot(1, "x")));
        long elapsedMillis = (System.nanoTime() - start) / 1_000_000;

        assertThat(cached).isNull();
        assertThat(elapsedMillis).isLessThan(10_000);
        hanging.close();
        await(silent.close());
    }

    @Test
    void silentRedisIsSkippedDuringBackoff(Vertx vertx) throws Exception {
        NetServer silent = await(vertx.createNetServer().connectHandler(socket -> { }).listen(0, "127.0.0.1"));
        SnapshotCache.Options options = new SnapshotCache.Options(600, 4_096, 500);
        Redis hanging = SnapshotCache.createClient(vertx, "redis://127.0.0.1:" + silent.actualPort(), options);
        SnapshotCache hangingCache = new SnapshotCache(hanging, options);
        await(hangingCache.get(collection, "doc"));

        long start = System.nanoTime();
        Snapshot cached = await(hangingCache.get(collection, "doc"));
        await(hangingCache.put(snapshot(1, "x")));
        long elapsedMillis = (System.nanoTime() - start) / 1_000_000;

        assertThat(cached).isNull();
        assertThat(elapsedMillis).as("calls within the back-off after a timeout").isLessThan(200);
        hanging.close();
        await(silent.close());
    }

    private Snapshot snapshot(long version, Object data) {
        return new Snapshot(collection, "doc", version, TYPE, data, 1_000 + version);
    }
}
