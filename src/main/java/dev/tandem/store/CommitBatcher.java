package dev.tandem.store;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.json.EncodeException;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes committed ops to PostgreSQL with group commit across documents.
 *
 * <p>At most one transaction is in flight. Commits that arrive meanwhile wait in a queue, and when
 * the transaction ends, the queued commits (up to {@link Options#maxOpsPerBatch()} ops) are written
 * together in the next one. One op's row is the fence of its version: all rows go in through one
 * {@code INSERT ... ON CONFLICT DO NOTHING}, so a document that lost a version race does not abort
 * the others. For such a document, the rows that this transaction did insert are deleted again
 * before COMMIT, so its history never gets a gap or an op on a foreign base.
 *
 * <p>The queue state is confined to the context that created the batcher; {@link #commit} may be
 * called from any thread, and its future completes on the caller's context.
 */
public final class CommitBatcher {

    private static final Logger log = LoggerFactory.getLogger(CommitBatcher.class);

    private static final String INSERT_OPS = "INSERT INTO ops"
            + " (collection, doc_id, version, kind, create_type, body, src, seq, ts, user_id)"
            + " SELECT * FROM unnest($1::text[], $2::text[], $3::bigint[], $4::text[], $5::text[], $6::text[],"
            + " $7::text[], $8::bigint[], $9::bigint[], $10::text[])"
            + " ON CONFLICT (collection, doc_id, version) DO NOTHING"
            + " RETURNING collection, doc_id, version";

    private static final String DELETE_OPS = "DELETE FROM ops WHERE (collection, doc_id, version) IN"
            + " (SELECT * FROM unnest($1::text[], $2::text[], $3::bigint[]))";

    /**
     * Adds the documents row and, only for a document created for the first time, its creator's owner
     * grant and the optional grant to everyone ({@code $5}). A document created again after a delete
     * keeps the grants it had.
     */
    private static final String INSERT_DOCUMENTS = "WITH created AS ("
            + "INSERT INTO documents (collection, doc_id, created_by, created_at)"
            + " SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::bigint[])"
            + " ON CONFLICT (collection, doc_id) DO NOTHING RETURNING collection, doc_id, created_by, created_at)"
            + " INSERT INTO document_grants (collection, doc_id, user_id, role, granted_by, granted_at)"
            + " SELECT collection, doc_id, created_by, 'owner', created_by, created_at FROM created"
            + " WHERE created_by IS NOT NULL AND created_by <> '*'"
            + " UNION ALL SELECT collection, doc_id, '*', $5::text, created_by, created_at FROM created"
            + " WHERE $5::text IS NOT NULL"
            + " ON CONFLICT DO NOTHING";

    /** Primary-key order: two nodes that insert overlapping keys lock the rows in the same order, so they do not deadlock. */
    private static final Comparator<EncodedOp> KEY_ORDER = Comparator.comparing((EncodedOp row) -> row.op().collection())
            .thenComparing(row -> row.op().docId())
            .thenComparingLong(row -> row.op().version());

    /**
     * Limits of the batcher.
     *
     * @param maxOpsPerBatch ops written in one transaction at most; a single larger commit is
     *     written alone
     * @param maxPendingOps ops queued or in flight at most; a commit beyond it fails at once with
     *     {@link OverloadedException}
     * @param newDocumentPublicRole the role granted to everyone ({@code *}) on a new document, such as
     *     {@code editor}, or {@code null} for none
     */
    public record Options(int maxOpsPerBatch, int maxPendingOps, String newDocumentPublicRole) {

        public Options(int maxOpsPerBatch, int maxPendingOps) {
            this(maxOpsPerBatch, maxPendingOps, null);
        }

        public Options {
            if (maxOpsPerBatch < 1) {
                throw new IllegalArgumentException("maxOpsPerBatch must be >= 1: " + maxOpsPerBatch);
            }
            if (maxPendingOps < 1) {
                throw new IllegalArgumentException("maxPendingOps must be >= 1: " + maxPendingOps);
            }
        }
    }

    private record DocKey(String collection, String docId) {
        static DocKey of(OpRecord op) {
            return new DocKey(op.collection(), op.docId());
        }
    }

    /** An op with its body already encoded as JSON text, or {@code null} for no body. */
    private record EncodedOp(OpRecord op, String body) {
    }

    private record PendingCommit(List<EncodedOp> ops, Promise<CommitOutcome> promise, Context callerContext) {
    }

    private final Vertx vertx;
    private final Pool pool;
    private final Options options;
    private final Context context;
    private final AtomicInteger pendingOps = new AtomicInteger();
    private final AtomicLong transactionCount = new AtomicLong();
    private final LogThrottle failureLog = new LogThrottle(10_000);

    // Confined to context.
    private final ArrayDeque<PendingCommit> queue = new ArrayDeque<>();
    private List<PendingCommit> inFlight;

    public CommitBatcher(Vertx vertx, Pool pool, Options options) {
        this.vertx = vertx;
        this.pool = pool;
        this.options = options;
        this.context = vertx.getOrCreateContext();
    }

    /**
     * Commits consecutive versions of one document, all or nothing.
     *
     * <p>The caller must not commit a document's next versions before this commit's outcome is
     * known: after a {@link CommitOutcome#VERSION_CONFLICT} they would sit on a foreign base.
     *
     * <p>NOTE: a database failure can arrive after PostgreSQL committed, when the connection drops
     * during COMMIT. The ops of a failed commit may therefore be stored, and the caller must reload
     * and look them up by ({@code src}, {@code seq}) before it retries.
     *
     * @return {@link CommitOutcome#COMMITTED} once the rows are committed,
     *     {@link CommitOutcome#VERSION_CONFLICT} when another writer already stored one of the
     *     versions; a failed future with {@link OverloadedException} when the queue is full, with
     *     {@link IllegalArgumentException} for an invalid list, or with the database error when the
     *     transaction failed
     */
    public Future<CommitOutcome> commit(List<OpRecord> ops) {
        List<EncodedOp> encoded;
        try {
            encoded = encode(ops);
        } catch (IllegalArgumentException e) {
            return Future.failedFuture(e);
        }
        int size = ops.size();
        int pendingAfter = pendingOps.addAndGet(size);
        if (pendingAfter > options.maxPendingOps()) {
            pendingOps.addAndGet(-size);
            return Future.failedFuture(new OverloadedException("commit of " + size + " ops rejected: "
                    + (pendingAfter - size) + " ops already wait to be written, the limit is " + options.maxPendingOps()));
        }
        PendingCommit pending = new PendingCommit(encoded, Promise.promise(), vertx.getOrCreateContext());
        context.runOnContext(v -> {
            queue.add(pending);
            flushIfIdle();
        });
        return pending.promise().future();
    }

    /**
     * Completes, never with a failure, once every commit accepted before this call has its outcome
     * or its failure delivered. Commits accepted later are not awaited.
     */
    public Future<Void> drain() {
        Promise<Void> promise = Promise.promise();
        context.runOnContext(v -> {
            List<Future<CommitOutcome>> accepted = new ArrayList<>();
            if (inFlight != null) {
                inFlight.forEach(pending -> accepted.add(pending.promise().future()));
            }
            queue.forEach(pending -> accepted.add(pending.promise().future()));
            Future.join(accepted).onComplete(done -> promise.complete());
        });
        return promise.future();
    }

    /** Number of transactions started since creation; each writes one batch. */
    public long transactionCount() {
        return transactionCount.get();
    }

    /** Number of ops queued or in flight. */
    public int pendingOps() {
        return pendingOps.get();
    }

    /** Checks that the ops are consecutive versions of one document and encodes their bodies. */
    private static List<EncodedOp> encode(List<OpRecord> ops) {
        if (ops == null || ops.isEmpty()) {
            throw new IllegalArgumentException("a commit needs at least one op");
        }
        OpRecord first = ops.get(0);
        for (int i = 1; i < ops.size(); i++) {
            OpRecord op = ops.get(i);
            if (!op.collection().equals(first.collection()) || !op.docId().equals(first.docId())) {
                throw new IllegalArgumentException("a commit must contain ops of one document only: " + first.collection()
                        + "/" + first.docId() + " and " + op.collection() + "/" + op.docId());
            }
            if (op.version() != first.version() + i) {
                throw new IllegalArgumentException("a commit must contain consecutive versions: expected "
                        + (first.version() + i) + " at index " + i + ", got " + op.version());
            }
        }
        List<EncodedOp> encoded = new ArrayList<>(ops.size());
        for (OpRecord op : ops) {
            try {
                encoded.add(new EncodedOp(op, op.body() == null ? null : JsonValues.encode(op.body())));
            } catch (EncodeException e) {
                throw new IllegalArgumentException("op body of " + op.collection() + "/" + op.docId()
                        + " at version " + op.version() + " is not a plain JSON value: " + e.getMessage(), e);
            }
        }
        return encoded;
    }

    private void flushIfIdle() {
        if (inFlight != null || queue.isEmpty()) {
            return;
        }
        List<PendingCommit> batch = takeBatch();
        // NOTE: no timeout bounds a transaction. A PostgreSQL that accepts connections but stops
        // responding stalls the batcher, and new commits fail as overloaded once the queue is full.
        inFlight = batch;
        transactionCount.incrementAndGet();
        Future<Map<DocKey, CommitOutcome>> written;
        try {
            written = writeBatch(batch);
        } catch (RuntimeException e) {
            // A bug here must fail this batch, not leave the batcher stuck with a batch in flight.
            written = Future.failedFuture(e);
        }
        written.onComplete(result -> runOnContext(() -> {
            inFlight = null;
            finish(batch, result.succeeded() ? result.result() : null, result.cause());
            flushIfIdle();
        }));
    }

    private List<PendingCommit> takeBatch() {
        List<PendingCommit> batch = new ArrayList<>();
        int opCount = 0;
        while (!queue.isEmpty()) {
            int next = queue.peek().ops().size();
            if (!batch.isEmpty() && opCount + next > options.maxOpsPerBatch()) {
                break;
            }
            batch.add(queue.poll());
            opCount += next;
        }
        return batch;
    }

    private void runOnContext(Runnable action) {
        if (Vertx.currentContext() == context) {
            action.run();
        } else {
            context.runOnContext(v -> action.run());
        }
    }

    private void finish(List<PendingCommit> batch, Map<DocKey, CommitOutcome> outcomes, Throwable failure) {
        int opCount = 0;
        for (PendingCommit pending : batch) {
            opCount += pending.ops().size();
        }
        pendingOps.addAndGet(-opCount);
        if (failure != null) {
            logFailure(batch.size(), opCount, failure);
        }
        for (PendingCommit pending : batch) {
            CommitOutcome outcome = outcomes == null ? null : outcomes.get(DocKey.of(pending.ops().get(0).op()));
            pending.callerContext().runOnContext(v -> {
                if (failure != null) {
                    pending.promise().fail(failure);
                } else {
                    pending.promise().complete(outcome);
                }
            });
        }
    }

    private void logFailure(int commitCount, int opCount, Throwable failure) {
        long heldBack = failureLog.acquire(System.currentTimeMillis());
        if (heldBack < 0) {
            return;
        }
        log.atError()
                .addKeyValue("commits", commitCount)
                .addKeyValue("ops", opCount)
                .addKeyValue("failedBatchesNotLogged", heldBack)
                .setCause(failure)
                .log("Commit transaction failed; its commits fail and the next batch reconnects");
    }

    private Future<Map<DocKey, CommitOutcome>> writeBatch(List<PendingCommit> batch) {
        List<EncodedOp> rows = new ArrayList<>();
        for (PendingCommit pending : batch) {
            rows.addAll(pending.ops());
        }
        rows.sort(KEY_ORDER);
        return pool.withTransaction(conn -> conn.preparedQuery(INSERT_OPS).execute(opsTuple(rows))
                .compose(inserted -> resolveConflicts(conn, rows, inserted)));
    }

    /** Decides each document's outcome and removes the inserted rows of documents that lost a race. */
    private Future<Map<DocKey, CommitOutcome>> resolveConflicts(SqlConnection conn, List<EncodedOp> rows,
                                                                RowSet<Row> inserted) {
        Map<DocKey, Integer> expected = new LinkedHashMap<>();
        for (EncodedOp row : rows) {
            expected.merge(DocKey.of(row.op()), 1, Integer::sum);
        }
        Map<DocKey, List<Long>> insertedVersions = new HashMap<>();
        for (Row row : inserted) {
            DocKey key = new DocKey(row.getString(0), row.getString(1));
            insertedVersions.computeIfAbsent(key, k -> new ArrayList<>()).add(row.getLong(2));
        }

        Map<DocKey, CommitOutcome> outcomes = new LinkedHashMap<>();
        List<String> undoCollections = new ArrayList<>();
        List<String> undoDocIds = new ArrayList<>();
        List<Long> undoVersions = new ArrayList<>();
        for (Map.Entry<DocKey, Integer> entry : expected.entrySet()) {
            DocKey key = entry.getKey();
            List<Long> versions = insertedVersions.getOrDefault(key, List.of());
            if (versions.size() == entry.getValue()) {
                outcomes.put(key, CommitOutcome.COMMITTED);
                continue;
            }
            outcomes.put(key, CommitOutcome.VERSION_CONFLICT);
            log.atInfo().addKeyValue("collection", key.collection()).addKeyValue("docId", key.docId())
                    .log("Commit lost the version race; another writer stored one of its versions");
            for (Long version : versions) {
                undoCollections.add(key.collection());
                undoDocIds.add(key.docId());
                undoVersions.add(version);
            }
        }

        Future<?> undone = undoVersions.isEmpty()
                ? Future.succeededFuture()
                : conn.preparedQuery(DELETE_OPS).execute(Tuple.tuple()
                        .addValue(undoCollections.toArray(new String[0]))
                        .addValue(undoDocIds.toArray(new String[0]))
                        .addValue(undoVersions.toArray(new Long[0])));
        return undone.compose(v -> insertDocuments(conn, rows, outcomes)).map(v -> outcomes);
    }

    /** Adds a {@code documents} row for each committed document that this batch creates. */
    private Future<?> insertDocuments(SqlConnection conn, List<EncodedOp> rows, Map<DocKey, CommitOutcome> outcomes) {
        Map<DocKey, OpRecord> firstCreate = new LinkedHashMap<>();
        for (EncodedOp row : rows) {
            OpRecord op = row.op();
            DocKey key = DocKey.of(op);
            if (op.kind() == OpKind.CREATE && outcomes.get(key) == CommitOutcome.COMMITTED) {
                firstCreate.putIfAbsent(key, op);
            }
        }
        if (firstCreate.isEmpty()) {
            return Future.succeededFuture();
        }
        int size = firstCreate.size();
        String[] collections = new String[size];
        String[] docIds = new String[size];
        String[] creators = new String[size];
        Long[] createdAt = new Long[size];
        int i = 0;
        for (OpRecord op : firstCreate.values()) {
            collections[i] = op.collection();
            docIds[i] = op.docId();
            creators[i] = op.userId();
            createdAt[i] = op.timestampMillis();
            i++;
        }
        return conn.preparedQuery(INSERT_DOCUMENTS)
                .execute(Tuple.tuple().addValue(collections).addValue(docIds).addValue(creators).addValue(createdAt)
                        .addValue(options.newDocumentPublicRole()));
    }

    private static Tuple opsTuple(List<EncodedOp> rows) {
        int size = rows.size();
        String[] collections = new String[size];
        String[] docIds = new String[size];
        Long[] versions = new Long[size];
        String[] kinds = new String[size];
        String[] createTypes = new String[size];
        String[] bodies = new String[size];
        String[] srcs = new String[size];
        Long[] seqs = new Long[size];
        Long[] timestamps = new Long[size];
        String[] userIds = new String[size];
        for (int i = 0; i < size; i++) {
            OpRecord op = rows.get(i).op();
            collections[i] = op.collection();
            docIds[i] = op.docId();
            versions[i] = op.version();
            kinds[i] = op.kind().wireName();
            createTypes[i] = op.createType();
            bodies[i] = rows.get(i).body();
            srcs[i] = op.src();
            seqs[i] = op.seq();
            timestamps[i] = op.timestampMillis();
            userIds[i] = op.userId();
        }
        return Tuple.tuple()
                .addValue(collections).addValue(docIds).addValue(versions).addValue(kinds).addValue(createTypes)
                .addValue(bodies).addValue(srcs).addValue(seqs).addValue(timestamps).addValue(userIds);
    }
}
