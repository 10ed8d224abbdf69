package dev.tandem.store;

import static dev.tandem.store.StoreTestSupport.await;
import static dev.tandem.store.StoreTestSupport.create;
import static dev.tandem.store.StoreTestSupport.edit;
import static dev.tandem.store.StoreTestSupport.edits;
import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.net.ServerSocket;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(VertxExtension.class)
class CommitBatcherTest {

    private Pool pool;
    private OpLog opLog;
    private String collection;

    @BeforeEach
    void setUp(Vertx vertx) throws Exception {
        pool = StoreTestSupport.migratedPool(vertx);
        opLog = new OpLog(pool);
        collection = StoreTestSupport.uniqueCollection("batcher");
    }

    @Test
    void groupCommitWritesManyDocumentsPerTransaction(Vertx vertx, VertxTestContext ctx) {
        CommitBatcher batcher = new CommitBatcher(vertx, pool, new CommitBatcher.Options(1_000, 10_000));
        List<Future<CommitOutcome>> commits = new ArrayList<>();

        for (int i = 0; i < 200; i++) {
            commits.add(batcher.commit(edits(collection, "doc-" + i, 0, 2)));
        }

        Future.all(commits)
                .compose(all -> pool.preparedQuery("SELECT count(*) FROM ops WHERE collection = $1")
                        .execute(Tuple.of(collection)))
                .onComplete(ctx.succeeding(rows -> ctx.verify(() -> {
                    for (Future<CommitOutcome> commit : commits) {
                        assertThat(commit.result()).isEqualTo(CommitOutcome.COMMITTED);
                    }
                    assertThat(rows.iterator().next().getLong(0)).isEqualTo(400);
                    // While one transaction runs, the commits submitted meanwhile queue for the next;
                    // how many arrive in time depends on scheduling, so the bound is loose.
                    assertThat(batcher.transactionCount())
                            .as("transactions for 200 commits")
                            .isBetween(1L, 50L);
                    assertThat(batcher.pendingOps()).isZero();
                    ctx.completeNow();
                })));
    }

    @Test
    void batchNeverExceedsMaxOps(Vertx vertx) throws Exception {
        CommitBatcher batcher = new CommitBatcher(vertx, pool, new CommitBatcher.Options(10, 10_000));
        List<Future<CommitOutcome>> commits = new ArrayList<>();

        for (int i = 0; i < 50; i++) {
            commits.add(batcher.commit(edits(collection, "doc-" + i, 0, 1)));
        }
        await(Future.all(commits));

        assertThat(batcher.transactionCount()).isGreaterThanOrEqualTo(5);
    }

    @Test
    void lostRaceConflictsOnlyThatDocument(Vertx vertx) throws Exception {
        CommitBatcher batcher = new CommitBatcher(vertx, pool, new CommitBatcher.Options(1_000, 10_000));
        OpRecord foreign = new OpRecord(collection, "raced", 1, OpKind.EDIT, null, List.of(), "src-foreign", 7,
                5_000, "user-2");
        await(batcher.commit(List.of(foreign)));
        long transactionsBefore = batcher.transactionCount();

        Future<CommitOutcome> blocker = batcher.commit(List.of(edit(collection, "blocker", 0)));
        Future<CommitOutcome> raced = batcher.commit(edits(collection, "raced", 0, 3));
        Future<CommitOutcome> other = batcher.commit(edits(collection, "other", 0, 2));
        await(Future.all(blocker, raced, other));

        assertThat(raced.result()).isEqualTo(CommitOutcome.VERSION_CONFLICT);
        assertThat(other.result()).isEqualTo(CommitOutcome.COMMITTED);
        assertThat(blocker.result()).isEqualTo(CommitOutcome.COMMITTED);
        assertThat(batcher.transactionCount() - transactionsBefore)
                .as("raced and other share one transaction behind the blocker")
                .isEqualTo(2);
        assertThat(await(opLog.range(collection, "raced", 0, Long.MAX_VALUE))).containsExactly(foreign);
        assertThat(await(opLog.range(collection, "other", 0, Long.MAX_VALUE)))
                .extracting(OpRecord::version).containsExactly(0L, 1L);
    }

    @Test
    void twoWritersRacingGiveEachDocumentOneHistory(Vertx vertx) throws Exception {
        CommitBatcher first = new CommitBatcher(vertx, pool, new CommitBatcher.Options(1_000, 10_000));
        CommitBatcher second = new CommitBatcher(vertx, PgPools.create(vertx, StoreTestSupport.PG_URL, 4),
                new CommitBatcher.Options(1_000, 10_000));
        List<Future<CommitOutcome>> firstOutcomes = new ArrayList<>();
        List<Future<CommitOutcome>> secondOutcomes = new ArrayList<>();

        for (int i = 0; i < 30; i++) {
            firstOutcomes.add(first.commit(withSrc(edits(collection, "doc-" + i, 0, 3), "src-first")));
            secondOutcomes.add(second.commit(withSrc(edits(collection, "doc-" + i, 0, 3), "src-second")));
        }
        await(Future.all(firstOutcomes));
        await(Future.all(secondOutcomes));

        for (int i = 0; i < 30; i++) {
            CommitOutcome firstOutcome = firstOutcomes.get(i).result();
            CommitOutcome secondOutcome = secondOutcomes.get(i).result();
            assertThat(List.of(firstOutcome, secondOutcome))
                    .as("outcomes of doc-" + i)
                    .containsExactlyInAnyOrder(CommitOutcome.COMMITTED, CommitOutcome.VERSION_CONFLICT);
            String winner = firstOutcome == CommitOutcome.COMMITTED ? "src-first" : "src-second";
            List<OpRecord> stored = await(opLog.range(collection, "doc-" + i, 0, Long.MAX_VALUE));
            assertThat(stored).extracting(OpRecord::version).containsExactly(0L, 1L, 2L);
            assertThat(stored).extracting(OpRecord::src).containsOnly(winner);
        }
    }

    private static List<OpRecord> withSrc(List<OpRecord> ops, String src) {
        return ops.stream()
                .map(op -> new OpRecord(op.collection(), op.docId(), op.version(), op.kind(), op.createType(),
                        op.body(), src, op.seq(), op.timestampMillis(), op.userId()))
                .toList();
    }

    @Test
    void createInsertsDocumentsRow(Vertx vertx) throws Exception {
        CommitBatcher batcher = new CommitBatcher(vertx, pool, new CommitBatcher.Options(1_000, 10_000));

        await(batcher.commit(List.of(create(collection, "doc", 0), edit(collection, "doc", 1))));
        Row row = await(pool.preparedQuery("SELECT created_by, created_at FROM documents"
                + " WHERE collection = $1 AND doc_id = $2").execute(Tuple.of(collection, "doc"))).iterator().next();

        assertThat(row.getString("created_by")).isEqualTo("user-1");
        assertThat(row.getLong("created_at")).isEqualTo(1_000L);
    }

    @Test
    void conflictedCreateInsertsNoDocumentsRow(Vertx vertx) throws Exception {
        CommitBatcher batcher = new CommitBatcher(vertx, pool, new CommitBatcher.Options(1_000, 10_000));
        await(batcher.commit(List.of(edit(collection, "doc", 1))));

        CommitOutcome outcome = await(batcher.commit(List.of(create(collection, "doc", 0), edit(collection, "doc", 1))));
        long documents = await(pool.preparedQuery("SELECT count(*) FROM documents WHERE collection = $1")
                .execute(Tuple.of(collection))).iterator().next().getLong(0);

        assertThat(outcome).isEqualTo(CommitOutcome.VERSION_CONFLICT);
        assertThat(documents).isZero();
    }

    @Test
    void fullQueueRejectsCommitAtOnce(Vertx vertx) throws Exception {
        CommitBatcher batcher = new CommitBatcher(vertx, pool, new CommitBatcher.Options(1_000, 3));

        Future<CommitOutcome> accepted = batcher.commit(edits(collection, "a", 0, 2));
        Future<CommitOutcome> rejected = batcher.commit(edits(collection, "b", 0, 2));

        assertThat(rejected.failed()).isTrue();
        assertThat(rejected.cause()).isInstanceOf(OverloadedException.class);
        assertThat(await(accepted)).isEqualTo(CommitOutcome.COMMITTED);
        assertThat(await(opLog.headVersion(collection, "b"))).isZero();
    }

    @Test
    void invalidCommitIsRejected(Vertx vertx) {
        CommitBatcher batcher = new CommitBatcher(vertx, pool, new CommitBatcher.Options(1_000, 100));

        Future<CommitOutcome> gap = batcher.commit(List.of(edit(collection, "a", 0), edit(collection, "a", 2)));
        Future<CommitOutcome> twoDocuments = batcher.commit(List.of(edit(collection, "a", 0), edit(collection, "b", 1)));
        Future<CommitOutcome> empty = batcher.commit(List.of());
        Future<CommitOutcome> notJson = batcher.commit(List.of(new OpRecord(collection, "a", 0, OpKind.EDIT, null,
                new Object(), "src-a", 1, 1_000, null)));

        assertThat(gap.cause()).isInstanceOf(IllegalArgumentException.class);
        assertThat(twoDocuments.cause()).isInstanceOf(IllegalArgumentException.class);
        assertThat(empty.cause()).isInstanceOf(IllegalArgumentException.class);
        assertThat(notJson.cause()).isInstanceOf(IllegalArgumentException.class);
        assertThat(batcher.pendingOps()).isZero();
    }

    @Test
    void unreachableDatabaseFailsCommitsAndBatcherKeepsWorking(Vertx vertx) throws Exception {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            closedPort = socket.getLocalPort();
        }
        Pool downPool = PgPools.create(vertx, "postgresql://postgres@127.0.0.1:" + closedPort + "/test", 2, 2_000,
                PgPools.DEFAULT_IDLE_IN_TRANSACTION_TIMEOUT_MILLIS);
        CommitBatcher batcher = new CommitBatcher(vertx, downPool, new CommitBatcher.Options(1_000, 100));

        Future<CommitOutcome> first = batcher.commit(edits(collection, "a", 0, 1));
        Future<CommitOutcome> second = batcher.commit(edits(collection, "b", 0, 1));
        await(Future.join(first, second).recover(failure -> Future.succeededFuture()));
        await(batcher.drain());
        Future<CommitOutcome> third = batcher.commit(edits(collection, "c", 0, 1));
        await(third.recover(failure -> Future.succeededFuture()));

        assertThat(first.failed()).isTrue();
        assertThat(second.failed()).isTrue();
        assertThat(third.failed()).as("a batch after a failed one is still attempted").isTrue();
        assertThat(third.cause()).isNotInstanceOf(OverloadedException.class);
        assertThat(batcher.transactionCount()).isGreaterThanOrEqualTo(2);
        assertThat(batcher.pendingOps()).isZero();
    }

    @Test
    void drainCompletesAfterQueuedCommits(Vertx vertx) throws Exception {
        CommitBatcher batcher = new CommitBatcher(vertx, pool, new CommitBatcher.Options(1_000, 10_000));
        List<Future<CommitOutcome>> commits = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            commits.add(batcher.commit(edits(collection, "doc-" + i, 0, 1)));
        }

        await(batcher.drain());

        for (Future<CommitOutcome> commit : commits) {
            assertThat(commit.isComplete()).isTrue();
        }
        assertThat(batcher.pendingOps()).isZero();
    }
}
