package dev.tandem.document;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tandem.ot.TypeRegistry;
import dev.tandem.store.CommitBatcher;
import dev.tandem.store.CommitOutcome;
import dev.tandem.store.Migrations;
import dev.tandem.store.OpKind;
import dev.tandem.store.OpLog;
import dev.tandem.store.OpRecord;
import dev.tandem.store.PgPools;
import dev.tandem.store.Snapshot;
import dev.tandem.store.SnapshotCache;
import dev.tandem.store.SnapshotStore;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.redis.client.Redis;
import io.vertx.sqlclient.Pool;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The loader checks a cached snapshot against the op log: a cache entry that missed commits, as
 * after a Redis outage, is brought up to date, and one ahead of the op log is ignored.
 */
class DocumentLoaderTest {

    private static final String JSON0 = "http://sharejs.org/types/JSONv0";
    private static final long STORED_VERSION = 5;

    private static Vertx vertx;
    private static Pool pool;
    private static Redis redis;
    private static SnapshotCache cache;
    private static DocumentLoader loader;
    private String collection;

    @BeforeAll
    static void connect() throws Exception {
        vertx = Vertx.vertx();
        pool = PgPools.create(vertx, envOr("TANDEM_PG_URL", "postgresql://postgres@127.0.0.1:5432/test"), 2);
        await(Migrations.apply(pool));
        SnapshotCache.Options options = SnapshotCache.Options.defaults();
        redis = SnapshotCache.createClient(vertx, envOr("TANDEM_REDIS_URL", "redis://127.0.0.1:6379"), options);
        cache = new SnapshotCache(redis, options);
        loader = new DocumentLoader(new OpLog(pool), new SnapshotStore(pool), cache,
                new SnapshotReplay(TypeRegistry.standard()));
    }

    @AfterAll
    static void disconnect() throws Exception {
        redis.close();
        await(pool.close());
        await(vertx.close());
    }

    /** Stores {"n": 4} at version 5: a create of {"n": 0} and four ops that add 1. */
    @BeforeEach
    void storeDocument() throws Exception {
        collection = "loader" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        List<OpRecord> ops = new ArrayList<>();
        ops.add(new OpRecord(collection, "d", 0, OpKind.CREATE, JSON0, Map.of("n", 0), "setup", 1, 1_000, "setup"));
        for (long version = 1; version < STORED_VERSION; version++) {
            ops.add(new OpRecord(collection, "d", version, OpKind.EDIT, null, List.of(Map.of("p", List.of("n"), "na", 1)),
                    "setup", version + 1, 1_000 + version, "setup"));
        }
        CommitOutcome outcome = await(new CommitBatcher(vertx, pool, new CommitBatcher.Options(100, 100)).commit(ops));
        assertThat(outcome).isEqualTo(CommitOutcome.COMMITTED);
    }

    @Test
    void staleCacheEntryIsBroughtUpToDate() throws Exception {
        await(cache.put(new Snapshot(collection, "d", 2, JSON0, Map.of("n", 1), 1_001)));

        DocumentLoader.Loaded loaded = await(loader.load(collection, "d"));

        assertThat(loaded.snapshot().version()).isEqualTo(STORED_VERSION);
        assertThat(counter(loaded.snapshot())).isEqualTo(4);
        assertThat(loaded.recentOps()).extracting(OpRecord::version).containsExactly(2L, 3L, 4L);
    }

    @Test
    void cacheEntryAheadOfOpLogIsIgnored() throws Exception {
        await(cache.put(new Snapshot(collection, "d", 9, JSON0, Map.of("n", 99), 1_009)));

        DocumentLoader.Loaded loaded = await(loader.load(collection, "d"));

        assertThat(loaded.snapshot().version()).isEqualTo(STORED_VERSION);
        assertThat(counter(loaded.snapshot())).isEqualTo(4);
    }

    @Test
    void cacheEntryAtHeadIsUsedAsIs() throws Exception {
        await(cache.put(new Snapshot(collection, "d", STORED_VERSION, JSON0, Map.of("n", 4), 1_004)));

        DocumentLoader.Loaded loaded = await(loader.load(collection, "d"));

        assertThat(loaded.snapshot().version()).isEqualTo(STORED_VERSION);
        assertThat(counter(loaded.snapshot())).isEqualTo(4);
        assertThat(loaded.recentOps()).isEmpty();
    }

    /** Returns the snapshot's {@code n}, whatever number type the decoder produced. */
    private static long counter(Snapshot snapshot) {
        return ((Number) ((Map<?, ?>) snapshot.data()).get("n")).longValue();
    }

    private static String envOr(String name, String fallback) {
        String value = System.getenv(name);
        return value == null || value.isBlank() ? fallback : value;
    }

    private static <T> T await(Future<T> future) throws Exception {
        return future.toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
    }
}
