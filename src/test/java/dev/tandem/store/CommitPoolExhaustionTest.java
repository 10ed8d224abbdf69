package dev.tandem.store;

import static dev.tandem.store.StoreTestSupport.await;
import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.pgclient.PgBuilder;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.PoolOptions;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Group commits on a pool of 4 connections while every first attempt loses its version race and
 * the test kills backends in the middle of transactions. The test runs its own PostgreSQL, so
 * terminating backends touches no other client's connections.
 */
class CommitPoolExhaustionTest {

    private static final String APPLICATION = "tandem-pool-test";
    private static final int POOL_SIZE = 4;
    private static final int DOCUMENTS = 500;
    private static final int COMMITS_PER_DOCUMENT = 2;
    private static final int BACKENDS_TO_KILL = 20;
    private static final int MAX_ROUNDS = 30;
    private static final String MINE = "mine";

    @TempDir
    static Path dataDir;
    private static EmbeddedPostgresServer postgres;
    private static Vertx vertx;

    @BeforeAll
    static void startPostgres() throws Exception {
        postgres = EmbeddedPostgresServer.start(dataDir);
        vertx = Vertx.vertx();
    }

    @AfterAll
    static void stopPostgres() throws Exception {
        await(vertx.close());
        postgres.close();
    }

    @Test
    void failingTransactionsNeverExhaustPool() throws Exception {
        Pool pool = pool(APPLICATION, POOL_SIZE);
        Pool admin = pool("tandem-pool-test-admin", 2);
        await(Migrations.apply(pool));
        OpLog opLog = new OpLog(pool);
        List<CommitBatcher> batchers = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            batchers.add(new CommitBatcher(vertx, pool, new CommitBatcher.Options(100, 10_000)));
        }
        AtomicInteger maxBackends = new AtomicInteger();
        long sampler = vertx.setPeriodic(10, id -> countBackends(admin).onSuccess(n -> maxBackends.accumulateAndGet(n, Math::max)));
        AtomicInteger killed = new AtomicInteger();
        long killer = vertx.setPeriodic(10, id -> {
            if (killed.get() < BACKENDS_TO_KILL) {
                killOneBackendInTransaction(admin).onSuccess(n -> killed.addAndGet(n));
            }
        });

        // On an idle machine one round can finish before enough backends were killed, so rounds
        // on fresh documents go on until they were, or the maximum of rounds is reached.
        List<String> collections = new ArrayList<>();
        while (killed.get() < BACKENDS_TO_KILL && collections.size() < MAX_ROUNDS) {
            String collection = StoreTestSupport.uniqueCollection("pool");
            collections.add(collection);
            await(storeForeignVersions(admin, collection));
            List<Future<Void>> documents = new ArrayList<>();
            for (int d = 0; d < DOCUMENTS; d++) {
                documents.add(commitInTurn(batchers.get(d % batchers.size()), opLog, collection, "d" + d));
            }
            Future.all(documents).toCompletionStage().toCompletableFuture().get(120, TimeUnit.SECONDS);
        }
        vertx.cancelTimer(killer);
        vertx.cancelTimer(sampler);

        long fetchStarted = System.nanoTime();
        await(opLog.headVersion(collections.get(0), "d0").timeout(1, TimeUnit.SECONDS));
        long fetchMillis = (System.nanoTime() - fetchStarted) / 1_000_000;
        List<SqlConnection> all = new ArrayList<>();
        for (int i = 0; i < POOL_SIZE; i++) {
            all.add(await(pool.getConnection().timeout(1, TimeUnit.SECONDS)));
        }
        all.forEach(SqlConnection::close);

        assertThat(killed.get()).as("backends killed mid-transaction").isGreaterThanOrEqualTo(BACKENDS_TO_KILL);
        assertThat(maxBackends.get()).as("most backends of the pool at once").isBetween(1, POOL_SIZE);
        assertThat(fetchMillis).as("a read right after the run, in ms").isLessThan(1_000);
        assertThat(all).as("connections acquired at once, so none is still in use").hasSize(POOL_SIZE);
        for (String collection : collections) {
            Map<Long, Long> storedPerSeq = storedPerSeq(pool, collection);
            assertThat(storedPerSeq).as("logical commits stored in %s", collection)
                    .hasSize(DOCUMENTS * COMMITS_PER_DOCUMENT);
            assertThat(storedPerSeq.values()).as("rows per logical commit in %s", collection).containsOnly(1L);
        }
        await(pool.close());
        await(admin.close());
    }

    private static Pool pool(String applicationName, int size) {
        PgConnectOptions options = PgConnectOptions.fromUri(postgres.url());
        options.setPipeliningLimit(PgPools.PIPELINING_LIMIT);
        options.addProperty("application_name", applicationName);
        return PgBuilder.pool().with(new PoolOptions().setMaxSize(size)).connectingTo(options).using(vertx).build();
    }

    /** Stores versions 0 and 1 of every document as another writer, so each first attempt below conflicts. */
    private static Future<Void> storeForeignVersions(Pool pool, String collection) {
        CommitBatcher other = new CommitBatcher(vertx, pool, new CommitBatcher.Options(1_000, 10_000));
        List<Future<CommitOutcome>> commits = new ArrayList<>();
        for (int d = 0; d < DOCUMENTS; d++) {
            commits.add(other.commit(List.of(op(collection, "d" + d, 0, "other", 2L * d),
                    op(collection, "d" + d, 1, "other", 2L * d + 1))));
        }
        return Future.all(commits).mapEmpty();
    }

    /**
     * Commits the document's logical commits one after the other, each as the sequencer does. A lost
     * race reads the head and tries again. A failed transaction may have committed before its
     * connection died, so its op is looked up by src and seq first.
     */
    private static Future<Void> commitInTurn(CommitBatcher batcher, OpLog opLog, String collection, String docId) {
        int d = Integer.parseInt(docId.substring(1));
        Future<Void> chain = Future.succeededFuture();
        for (int i = 0; i < COMMITS_PER_DOCUMENT; i++) {
            long seq = (long) d * COMMITS_PER_DOCUMENT + i;
            // A stale base on purpose: version i is always taken by the other writer.
            long firstTry = i;
            chain = chain.compose(v -> commitOnce(batcher, opLog, collection, docId, seq, firstTry, 0));
        }
        return chain;
    }

    private static Future<Void> commitOnce(CommitBatcher batcher, OpLog opLog, String collection, String docId, long seq,
            long version, int attempt) {
        if (attempt > 50) {
            return Future.failedFuture(new AssertionError("commit " + seq + " of " + docId + " gave up after 50 attempts"));
        }
        return batcher.commit(List.of(op(collection, docId, version, MINE, seq))).transform(result -> {
            if (result.succeeded() && result.result() == CommitOutcome.COMMITTED) {
                return Future.succeededFuture();
            }
            Future<Boolean> alreadyStored = result.succeeded() ? Future.succeededFuture(false)
                    : opLog.findSubmission(collection, docId, MINE, seq, 0).map(found -> found != null);
            return alreadyStored.compose(stored -> stored ? Future.<Void>succeededFuture()
                    : opLog.headVersion(collection, docId)
                            .compose(head -> commitOnce(batcher, opLog, collection, docId, seq, head, attempt + 1)));
        }).recover(failure -> failure instanceof AssertionError ? Future.failedFuture(failure)
                // The look-up itself met a killed connection: try the whole step again.
                : commitOnce(batcher, opLog, collection, docId, seq, version, attempt + 1));
    }

    private static OpRecord op(String collection, String docId, long version, String src, long seq) {
        return new OpRecord(collection, docId, version, OpKind.EDIT, null, List.of(Map.of("p", List.of("n"), "na", 1)),
                src, seq, 1_000 + version, "user-1");
    }

    private static Future<Integer> countBackends(Pool admin) {
        return admin.preparedQuery("SELECT count(*) FROM pg_stat_activity WHERE application_name = $1")
                .execute(Tuple.of(APPLICATION))
                .map(rows -> rows.iterator().next().getLong(0).intValue());
    }

    /** Terminates one backend of the pool that is inside a transaction; returns how many it terminated. */
    private static Future<Integer> killOneBackendInTransaction(Pool admin) {
        return admin.preparedQuery("SELECT pg_terminate_backend(pid) FROM pg_stat_activity"
                        + " WHERE application_name = $1 AND xact_start IS NOT NULL LIMIT 1")
                .execute(Tuple.of(APPLICATION))
                .map(rows -> {
                    int terminated = 0;
                    for (Row row : rows) {
                        terminated += Boolean.TRUE.equals(row.getBoolean(0)) ? 1 : 0;
                    }
                    return terminated;
                });
    }

    private static Map<Long, Long> storedPerSeq(Pool pool, String collection) throws Exception {
        Map<Long, Long> counts = new java.util.HashMap<>();
        for (Row row : await(pool.preparedQuery("SELECT seq, count(*) FROM ops WHERE collection = $1 AND src = $2"
                + " GROUP BY seq").execute(Tuple.of(collection, MINE)))) {
            counts.put(row.getLong(0), row.getLong(1));
        }
        return counts;
    }
}
