package dev.tandem.document;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tandem.store.Snapshot;
import dev.tandem.store.SnapshotCache;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.redis.client.Redis;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Cache writes of committed snapshots are spaced by the interval, and the last one is never dropped. */
class CacheWritesTest {

    private static final String JSON0 = "http://sharejs.org/types/JSONv0";

    private Vertx vertx;
    private Redis redis;
    private SnapshotCache cache;
    private Context context;
    private String collection;

    @BeforeEach
    void connect() {
        vertx = Vertx.vertx();
        SnapshotCache.Options options = SnapshotCache.Options.defaults();
        redis = SnapshotCache.createClient(vertx, envOr("TANDEM_REDIS_URL", "redis://127.0.0.1:6379"), options);
        cache = new SnapshotCache(redis, options);
        context = vertx.getOrCreateContext();
        collection = "cachewrites_" + UUID.randomUUID().toString().replace("-", "");
    }

    @AfterEach
    void disconnect() throws Exception {
        redis.close();
        vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    @Test
    void burstWritesFirstAndLastOnly() throws Exception {
        long interval = 2_000;
        CacheWrites writes = onContext(() -> new CacheWrites(vertx, cache, interval));
        long start = System.nanoTime();
        onContext(() -> {
            for (int version = 1; version <= 5; version++) {
                writes.committed(snapshot(version));
            }
            return null;
        });

        assertThat(cachedVersionAfter(300)).as("within the interval: only the first commit").isEqualTo(1);
        waitForCachedVersion(5);
        assertThat(elapsedMillis(start)).as("the last commit waits for the interval").isGreaterThanOrEqualTo(interval - 50);

        Thread.sleep(interval);
        long quiet = System.nanoTime();
        onContext(() -> {
            writes.committed(snapshot(6));
            return null;
        });
        waitForCachedVersion(6);
        assertThat(elapsedMillis(quiet)).as("a commit after a quiet interval is written at once").isLessThan(interval);
    }

    @Test
    void zeroIntervalWritesEveryCommit() throws Exception {
        CacheWrites writes = onContext(() -> new CacheWrites(vertx, cache, 0));
        for (int version = 1; version <= 3; version++) {
            int committed = version;
            onContext(() -> {
                writes.committed(snapshot(committed));
                return null;
            });
            assertThat(cachedVersionAfter(200)).isEqualTo(committed);
        }
    }

    private Snapshot snapshot(long version) {
        return new Snapshot(collection, "d", version, JSON0, Map.of("n", version), 1_000 + version);
    }

    private long cachedVersionAfter(long millis) throws Exception {
        Thread.sleep(millis);
        Snapshot cached = await(cache.get(collection, "d"));
        return cached == null ? -1 : cached.version();
    }

    private void waitForCachedVersion(long version) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (cachedVersionAfter(20) != version) {
            assertThat(System.nanoTime()).as("version %d cached within 10 s", version).isLessThan(deadline);
        }
    }

    private static long elapsedMillis(long startNanos) {
        return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - startNanos);
    }

    private <T> T onContext(Supplier<T> action) throws Exception {
        CompletableFuture<T> result = new CompletableFuture<>();
        context.runOnContext(v -> result.complete(action.get()));
        return result.get(10, TimeUnit.SECONDS);
    }

    private static <T> T await(Future<T> future) throws Exception {
        return future.toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    private static String envOr(String name, String fallback) {
        String value = System.getenv(name);
        return value == null || value.isBlank() ? fallback : value;
    }
}
