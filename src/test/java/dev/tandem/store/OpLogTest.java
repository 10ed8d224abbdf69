package dev.tandem.store;

import static dev.tandem.store.StoreTestSupport.await;
import static dev.tandem.store.StoreTestSupport.edit;
import static dev.tandem.store.StoreTestSupport.edits;
import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Tuple;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(VertxExtension.class)
class OpLogTest {

    private Pool pool;
    private OpLog opLog;
    private CommitBatcher batcher;
    private String collection;

    @BeforeEach
    void setUp(Vertx vertx) throws Exception {
        pool = StoreTestSupport.migratedPool(vertx);
        opLog = new OpLog(pool);
        batcher = new CommitBatcher(vertx, pool, new CommitBatcher.Options(500, 10_000));
        collection = StoreTestSupport.uniqueCollection("oplog");
    }

    @Test
    void rangeIsHalfOpenAndExact(VertxTestContext ctx) throws Exception {
        await(batcher.commit(edits(collection, "doc", 1, 12)));

        opLog.range(collection, "doc", 10, Long.MAX_VALUE).onComplete(ctx.succeeding(tail -> ctx.verify(() -> {
            assertThat(tail).extracting(OpRecord::version).containsExactly(10L, 11L);
            assertThat(tail.get(0)).isEqualTo(edit(collection, "doc", 10));
            ctx.completeNow();
        })));
    }

    @Test
    void rangeExcludesUpperBound() throws Exception {
        await(batcher.commit(edits(collection, "doc", 1, 12)));

        List<OpRecord> middle = await(opLog.range(collection, "doc", 3, 5));
        List<OpRecord> beyondHead = await(opLog.range(collection, "doc", 12, Long.MAX_VALUE));
        List<OpRecord> empty = await(opLog.range(collection, "doc", 5, 5));

        assertThat(middle).extracting(OpRecord::version).containsExactly(3L, 4L);
        assertThat(beyondHead).isEmpty();
        assertThat(empty).isEmpty();
    }

    @Test
    void headVersionCountsOps() throws Exception {
        long before = await(opLog.headVersion(collection, "doc"));

        await(batcher.commit(edits(collection, "doc", 0, 5)));
        long after = await(opLog.headVersion(collection, "doc"));

        assertThat(before).isZero();
        assertThat(after).isEqualTo(5);
    }

    @Test
    void versionAtUsesLastOpAtOrBefore() throws Exception {
        List<OpRecord> ops = List.of(
                withTimestamp(edit(collection, "doc", 0), 1_000),
                withTimestamp(edit(collection, "doc", 1), 2_000),
                withTimestamp(edit(collection, "doc", 2), 2_000),
                withTimestamp(edit(collection, "doc", 3), 3_000));
        await(batcher.commit(ops));

        long beforeFirst = await(opLog.versionAt(collection, "doc", 999));
        long atFirst = await(opLog.versionAt(collection, "doc", 1_000));
        long atTie = await(opLog.versionAt(collection, "doc", 2_000));
        long between = await(opLog.versionAt(collection, "doc", 2_500));
        long afterLast = await(opLog.versionAt(collection, "doc", 9_999));

        assertThat(beforeFirst).isZero();
        assertThat(atFirst).isEqualTo(1);
        assertThat(atTie).isEqualTo(3);
        assertThat(between).isEqualTo(3);
        assertThat(afterLast).isEqualTo(4);
    }

    @Test
    void findSubmissionMatchesSrcAndSeqFromVersion() throws Exception {
        await(batcher.commit(edits(collection, "doc", 0, 5)));
        OpRecord third = edit(collection, "doc", 2);

        OpRecord found = await(opLog.findSubmission(collection, "doc", third.src(), third.seq(), 1));
        OpRecord beforeBase = await(opLog.findSubmission(collection, "doc", third.src(), third.seq(), 3));
        OpRecord otherSrc = await(opLog.findSubmission(collection, "doc", "src-other", third.seq(), 0));
        OpRecord otherSeq = await(opLog.findSubmission(collection, "doc", third.src(), 99, 0));

        assertThat(found).isEqualTo(third);
        assertThat(beforeBase).isNull();
        assertThat(otherSrc).isNull();
        assertThat(otherSeq).isNull();
    }

    @Test
    void largeVersionAndSeqStoredAs64Bit() throws Exception {
        long version = 2_147_483_648L;
        long seq = (1L << 31) + 5;
        OpRecord op = new OpRecord(collection, "doc", version, OpKind.EDIT, null, List.of(), "src-big", seq,
                1_000, "user-1");

        await(batcher.commit(List.of(op)));
        List<OpRecord> stored = await(opLog.range(collection, "doc", version, Long.MAX_VALUE));
        long head = await(opLog.headVersion(collection, "doc"));
        OpRecord bySubmission = await(opLog.findSubmission(collection, "doc", "src-big", seq, 0));

        assertThat(stored).containsExactly(op);
        assertThat(head).isEqualTo(version + 1);
        assertThat(bySubmission).isEqualTo(op);
    }

    @Test
    void bodyWithNulAndEmojiRoundTripsExactly() throws Exception {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("nul", "a\u0000b");
        body.put("emoji", "\uD83D\uDE00 x \uD83D\uDC69\u200D\uD83D\uDCBB");
        body.put("many", "\uD83C\uDF89".repeat(300));
        body.put("lone", "x\uD800y");
        body.put("zkey", 1);
        body.put("akey", List.of(2_147_483_648L, 1.5, true));
        OpRecord op = new OpRecord(collection, "doc", 0, OpKind.EDIT, null, List.of(body), "src-u", 1, 1_000, null);

        await(batcher.commit(List.of(op)));
        OpRecord stored = await(opLog.range(collection, "doc", 0, 1)).get(0);
        String storedText = await(pool.preparedQuery("SELECT body FROM ops WHERE collection = $1 AND doc_id = $2")
                .execute(Tuple.of(collection, "doc"))).iterator().next().getString(0);

        assertThat(stored.body()).isEqualTo(List.of(body));
        Map<?, ?> storedBody = (Map<?, ?>) ((List<?>) stored.body()).get(0);
        assertThat(new ArrayList<Object>(storedBody.keySet())).containsExactly("nul", "emoji", "many", "lone", "zkey", "akey");
        assertThat(storedText).isEqualTo(JsonValues.encode(List.of(body)));
    }

    private static OpRecord withTimestamp(OpRecord op, long timestampMillis) {
        return new OpRecord(op.collection(), op.docId(), op.version(), op.kind(), op.createType(), op.body(),
                op.src(), op.seq(), timestampMillis, op.userId());
    }
}
