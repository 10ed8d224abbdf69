package dev.tandem.store;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.sqlclient.Pool;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

/** Connections to the test PostgreSQL and Redis, and op factories. */
final class StoreTestSupport {

    static final String PG_URL = envOr("TANDEM_PG_URL", "postgresql://postgres@127.0.0.1:5432/test");
    static final String REDIS_URL = envOr("TANDEM_REDIS_URL", "redis://127.0.0.1:6379");

    private StoreTestSupport() {
    }

    private static String envOr(String name, String fallback) {
        String value = System.getenv(name);
        return value == null || value.isBlank() ? fallback : value;
    }

    /** Creates a pool on the test database with the schema applied. */
    static Pool migratedPool(Vertx vertx) throws Exception {
        Pool pool = PgPools.create(vertx, PG_URL, 8);
        await(Migrations.apply(pool));
        return pool;
    }

    /** Returns a collection name no other test uses, so tests share tables without seeing each other's rows. */
    static String uniqueCollection(String prefix) {
        return prefix + "-" + UUID.randomUUID();
    }

    static <T> T await(Future<T> future) throws Exception {
        return future.toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
    }

    static OpRecord edit(String collection, String docId, long version) {
        return new OpRecord(collection, docId, version, OpKind.EDIT, null,
                List.of(Map.of("p", List.of("n"), "na", 1)), "src-a", version + 1, 1_000 + version, "user-1");
    }

    static OpRecord create(String collection, String docId, long version) {
        return new OpRecord(collection, docId, version, OpKind.CREATE, "http://sharejs.org/types/JSONv0",
                Map.of("n", 0), "src-a", version + 1, 1_000 + version, "user-1");
    }

    /** Consecutive edits {@code from .. toExclusive-1} of one document. */
    static List<OpRecord> edits(String collection, String docId, long from, long toExclusive) {
        return java.util.stream.LongStream.range(from, toExclusive)
                .mapToObj(version -> edit(collection, docId, version))
                .toList();
    }
}
