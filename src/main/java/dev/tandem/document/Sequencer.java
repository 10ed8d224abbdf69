package dev.tandem.document;

import dev.tandem.ot.OtException;
import dev.tandem.ot.OtType;
import dev.tandem.ot.Side;
import dev.tandem.session.ErrorCode;
import dev.tandem.session.ProtocolException;
import dev.tandem.store.CommitOutcome;
import dev.tandem.store.OpKind;
import dev.tandem.store.OpRecord;
import dev.tandem.store.Snapshot;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The single writer of one document on its owner node. Submissions are sequenced in arrival order
 * in batches. Each op of a batch is transformed against the committed ops since its base version and
 * the earlier ops of the batch, then applied to a draft of the snapshot. The batch is committed as
 * consecutive versions. Only after the commit succeeds does the committed state advance and are
 * the submitters acknowledged and the ops published, in version order.
 *
 * <p>Confined to the document verticle's event loop: no method may be called from another thread.
 */
final class Sequencer {

    private static final Logger LOG = LoggerFactory.getLogger(Sequencer.class);

    /** Most committed ops kept in memory for transforming late submissions without a database read. */
    static final int RECENT_OPS = 1000;
    private static final int MAX_BATCH_SUBMISSIONS = 256;
    private static final int MAX_CONFLICT_RETRIES = 20;

    private final String collection;
    private final String docId;
    private final DocumentServices services;
    private final CacheWrites cacheWrites;

    private Snapshot committed;
    /**
     * The snapshot whose size lies between {@link #sizeLow} and {@link #sizeHigh}. Each op whose
     * type bounds its size change moves both bounds, and the document is walked only when the op
     * might pass the limit and might not. Any other snapshot, such as one read on a reload, is
     * walked.
     */
    private Snapshot sizedSnapshot;
    private long sizeLow;
    private long sizeHigh;
    private long lastMilestoneVersion;
    /** Committed ops {@code [committed.version - recent.size(), committed.version)}, oldest first. */
    private final Deque<OpRecord> recent = new ArrayDeque<>();
    private final Deque<Submission> queue = new ArrayDeque<>();
    private boolean sequencing;
    private boolean loaded;
    private int conflictRetries;
    /** The version at which the sequencer last reloaded for an op based on a newer one; -1 before. */
    private long reloadedForNewerBaseAt = -1;
    /** Commits that failed in a row, such as while PostgreSQL is down; only the first is logged at WARN. */
    private int failedCommits;
    private long lastActivityMillis;
    private Future<Void> loading;

    Sequencer(String collection, String docId, DocumentServices services) {
        this.collection = collection;
        this.docId = docId;
        this.services = services;
        this.cacheWrites = new CacheWrites(services.vertx(), services.cache(), services.cacheWriteIntervalMillis());
        this.lastActivityMillis = services.clock().millis();
    }

    /** Loads the document once; every caller shares the same load. A failed load is not cached. */
    Future<Void> load() {
        if (loading == null) {
            loading = services.loader().load(collection, docId).map(result -> {
                install(result);
                loaded = true;
                LOG.debug("Document loaded: collection={} doc={} version={}", collection, docId, committed.version());
                return null;
            });
        }
        return loading;
    }

    private void install(DocumentLoader.Loaded result) {
        committed = result.snapshot();
        lastMilestoneVersion = result.milestoneVersion();
        recent.clear();
        List<OpRecord> ops = result.recentOps();
        for (OpRecord op : ops.subList(Math.max(0, ops.size() - RECENT_OPS), ops.size())) {
            recent.addLast(op);
        }
    }

    Snapshot latest() {
        touch();
        return committed;
    }

    void submit(Submission submission) {
        touch();
        queue.addLast(submission);
        drain();
    }

    /** Returns whether the document may be unloaded: loaded, nothing queued or in flight, and idle long enough. */
    boolean isIdle(long nowMillis, long idleMillis) {
        return loaded && !sequencing && queue.isEmpty() && nowMillis - lastActivityMillis >= idleMillis;
    }

    Snapshot committedSnapshot() {
        return committed;
    }

    boolean needsMilestone() {
        return committed != null && committed.version() > lastMilestoneVersion;
    }

    private void touch() {
        lastActivityMillis = services.clock().millis();
    }

    private void drain() {
        if (sequencing || queue.isEmpty() || !loaded) {
            return;
        }
        sequencing = true;
        List<Submission> batch = new ArrayList<>();
        long now = services.clock().millis();
        while (!queue.isEmpty() && batch.size() < MAX_BATCH_SUBMISSIONS) {
            Submission submission = queue.pollFirst();
            if (now > submission.deadlineMillis()) {
                // NOTE: a commit that failed as its connection dropped during COMMIT may be stored
                // anyway. If the deadline passes before a retry finds it, the client gets this error
                // for a stored op and gets the op back only when it fetches the document.
                submission.reply().tryComplete(SubmitReply.error(ErrorCode.ERR_SERVER_OVERLOADED,
                        "The op could not be committed in time; the store is unavailable or overloaded. Retry later."));
                continue;
            }
            batch.add(submission);
        }
        if (batch.isEmpty()) {
            sequencing = false;
            return;
        }
        long head = committed.version();
        if (reloadedForNewerBaseAt != head && batch.stream().anyMatch(s -> s.baseVersion() != null && s.baseVersion() > head)) {
            // A client has seen versions this sequencer has not: another sequencer committed them,
            // as while this node was hung. The store has them, so reload once before rejecting.
            reloadedForNewerBaseAt = head;
            LOG.info("Op based on a version newer than the sequencer's, reloading: collection={} doc={} version={}",
                    collection, docId, head);
            requeueFront(batch);
            sequencing = false;
            reloadThen(this::drain);
            return;
        }
        Future<Map<String, OpRecord>> earlierCreates = earlierCreates(batch);
        history(oldestBase(batch))
                .compose(older -> earlierCreates.map(creates -> {
                    sequence(batch, older, creates);
                    return null;
                }))
                .onFailure(err -> {
                    LOG.warn("Reading op history failed, retrying: collection={} doc={}", collection, docId, err);
                    retryLater(batch);
                });
    }

    /**
     * Finds the stored ops of creates that name no base version and may be resends: such a create
     * applies to "whatever is current", so the ops since its base cannot show that it was committed
     * before. Keys are "src/seq".
     */
    private Future<Map<String, OpRecord>> earlierCreates(List<Submission> batch) {
        if (!committed.exists()) {
            return Future.succeededFuture(Map.of());
        }
        Map<String, OpRecord> found = new HashMap<>();
        List<Future<?>> lookups = new ArrayList<>();
        for (Submission submission : batch) {
            if (submission.kind() == OpKind.CREATE && submission.baseVersion() == null && submission.src() != null) {
                lookups.add(services.opLog().findSubmission(collection, docId, submission.src(), submission.seq(), 0)
                        .onSuccess(op -> {
                            if (op != null && op.kind() == OpKind.CREATE) {
                                found.put(op.src() + "/" + op.seq(), op);
                            }
                        }));
            }
        }
        return Future.all(lookups).map(v -> found);
    }

    private long oldestBase(List<Submission> batch) {
        long oldest = committed.version();
        for (Submission submission : batch) {
            if (submission.baseVersion() != null) {
                oldest = Math.min(oldest, submission.baseVersion());
            }
        }
        return oldest;
    }

    /** Returns the committed ops from {@code fromVersion} that are older than the in-memory window. */
    private Future<List<OpRecord>> history(long fromVersion) {
        long windowStart = committed.version() - recent.size();
        if (fromVersion >= windowStart) {
            return Future.succeededFuture(List.of());
        }
        if (committed.version() - fromVersion > services.maxCatchUpOps()) {
            // Reading and transforming across so many ops would block this event loop, which serves
            // every document of the node, for seconds. The submission is rejected instead.
            return Future.succeededFuture(null);
        }
        return services.opLog().range(collection, docId, fromVersion, windowStart).map(ops -> {
            if (ops.size() != windowStart - fromVersion) {
                // Fewer rows than versions: the older ops were removed, so the submission cannot be
                // transformed. It is rejected instead of being applied untransformed.
                return null;
            }
            return ops;
        });
    }

    private void sequence(List<Submission> batch, List<OpRecord> older, Map<String, OpRecord> earlierCreates) {
        Draft draft = new Draft(committed, older, earlierCreates);
        List<Accepted> accepted = new ArrayList<>();
        for (Submission submission : batch) {
            try {
                accepted.add(draft.sequence(submission));
            } catch (ProtocolException e) {
                LOG.debug("Op rejected: collection={} doc={} src={} seq={} code={}", collection, docId,
                        submission.src(), submission.seq(), e.code());
                submission.reply().tryComplete(SubmitReply.error(e.code(), e.getMessage()));
            }
        }
        if (draft.newOps.isEmpty()) {
            finish(draft, accepted);
            return;
        }
        long started = System.nanoTime();
        services.commits().commit(draft.newOps).onComplete(result -> {
            if (result.failed()) {
                logFailedCommit(draft.newOps.size(), result.cause());
                retryLater(batch);
            } else if (result.result() == CommitOutcome.VERSION_CONFLICT) {
                onVersionConflict(batch);
            } else {
                services.metrics().committed(draft.newOps.size(), System.nanoTime() - started);
                if (failedCommits > 0) {
                    LOG.info("Commit succeeded after failed attempts: collection={} doc={} failedAttempts={}", collection,
                            docId, failedCommits);
                    failedCommits = 0;
                }
                conflictRetries = 0;
                finish(draft, accepted);
            }
        });
    }

    /**
     * Logs the first failed commit of a streak at WARN and the rest at DEBUG, so that an outage of
     * PostgreSQL logs one stack trace per document instead of one per retry.
     */
    private void logFailedCommit(int opCount, Throwable cause) {
        failedCommits++;
        if (failedCommits == 1) {
            LOG.warn("Commit failed, retrying every {} ms: collection={} doc={} ops={}", services.retryDelayMillis(),
                    collection, docId, opCount, cause);
        } else {
            LOG.debug("Commit failed again, retrying: collection={} doc={} ops={} failedAttempts={} error={}", collection,
                    docId, opCount, failedCommits, String.valueOf(cause));
        }
    }

    private void finish(Draft draft, List<Accepted> accepted) {
        committed = draft.snapshot;
        for (OpRecord op : draft.newOps) {
            recent.addLast(op);
            if (recent.size() > RECENT_OPS) {
                recent.pollFirst();
            }
        }
        for (int i = 0; i < draft.newOps.size(); i++) {
            OpRecord op = draft.newOps.get(i);
            Snapshot after = i + 1 < draft.newOps.size() ? draft.snapshotsBefore.get(i + 1) : draft.snapshot;
            announceCommit(op, draft.snapshotsBefore.get(i), after);
            services.publisher().publish(op);
        }
        for (Accepted done : accepted) {
            done.submission.reply().tryComplete(SubmitReply.committed(done.own, done.prior));
        }
        if (!draft.newOps.isEmpty()) {
            cacheWrites.committed(committed);
            long every = services.milestoneEveryOps();
            if (committed.version() / every > lastMilestoneVersion / every) {
                saveMilestone();
            }
        }
        sequencing = false;
        drain();
    }

    /** Tells the commit listener of a committed op; its failure must not stop the acknowledgements. */
    private void announceCommit(OpRecord op, Snapshot before, Snapshot after) {
        try {
            services.commitListener().committed(op, before, after);
        } catch (RuntimeException e) {
            LOG.warn("Commit listener failed: collection={} doc={} version={}", collection, docId, op.version(), e);
        }
    }

    /** Stores the committed snapshot as a milestone; failures only cost replay time later. */
    Future<Void> saveMilestone() {
        Snapshot snapshot = committed;
        if (snapshot == null || snapshot.version() <= lastMilestoneVersion) {
            return Future.succeededFuture();
        }
        lastMilestoneVersion = snapshot.version();
        return services.snapshots().saveMilestone(snapshot).onFailure(err -> LOG.warn(
                "Saving milestone failed: collection={} doc={} version={}", collection, docId, snapshot.version(), err));
    }

    private void onVersionConflict(List<Submission> batch) {
        conflictRetries++;
        if (conflictRetries > MAX_CONFLICT_RETRIES) {
            // Another sequencer of this document keeps winning, as after this node was hung and the
            // cluster moved the document. The senders resolve the owner again and resend, so the
            // ops reach the sequencer that wins, or this one once the other is gone. Their deadline
            // bounds the retries, and the resends are deduplicated by (src, seq).
            LOG.warn("Returning a batch to its senders after {} version conflicts in a row: collection={} doc={}"
                    + " submissions={}", conflictRetries - 1, collection, docId, batch.size());
            for (Submission submission : batch) {
                submission.reply().tryComplete(SubmitReply.resolveOwnerAgain("another sequencer keeps committing"));
            }
            conflictRetries = 0;
            sequencing = false;
            reloadThen(this::drain);
            return;
        }
        // Another writer committed a version first: reload what is stored and sequence the same
        // submissions again on top of it.
        LOG.info("Version conflict, reloading: collection={} doc={} version={}", collection, docId, committed.version());
        requeueFront(batch);
        sequencing = false;
        reloadThen(this::drain);
    }

    private void reloadThen(Runnable next) {
        loaded = false;
        loading = null;
        sequencing = true;
        load().onComplete(result -> {
            sequencing = false;
            if (result.failed()) {
                LOG.warn("Reload failed, retrying: collection={} doc={}", collection, docId, result.cause());
                services.vertx().setTimer(services.retryDelayMillis(), id -> reloadThen(next));
                sequencing = true;
                return;
            }
            next.run();
        });
    }

    private void retryLater(List<Submission> batch) {
        requeueFront(batch);
        services.vertx().setTimer(services.retryDelayMillis(), id -> {
            sequencing = false;
            drain();
        });
    }

    private void requeueFront(List<Submission> batch) {
        List<Submission> reversed = new ArrayList<>(batch);
        Collections.reverse(reversed);
        for (Submission submission : reversed) {
            if (!submission.reply().future().isComplete()) {
                queue.addFirst(submission);
            }
        }
    }

    /** A submission that will be acknowledged once the batch commits. */
    private record Accepted(Submission submission, OpRecord own, List<OpRecord> prior) {
    }

    /**
     * The speculative state of one batch: the committed snapshot with the batch's ops applied so far,
     * and the history those ops are transformed against.
     */
    private final class Draft {
        private Snapshot snapshot;
        private final List<OpRecord> history;
        private final long historyStart;
        private final List<OpRecord> newOps = new ArrayList<>();
        /** The document before each of {@link #newOps}, at the same index. */
        private final List<Snapshot> snapshotsBefore = new ArrayList<>();
        private final long timestamp = services.clock().millis();
        private final Map<String, OpRecord> earlierCreates;

        /**
         * {@code older} is null when the ops older than the in-memory window cannot be used: they are
         * no longer stored, or too many.
         */
        Draft(Snapshot committed, List<OpRecord> older, Map<String, OpRecord> earlierCreates) {
            this.snapshot = committed;
            this.earlierCreates = earlierCreates;
            this.history = new ArrayList<>();
            if (older != null) {
                history.addAll(older);
            }
            history.addAll(recent);
            this.historyStart = committed.version() - history.size();
        }

        Accepted sequence(Submission submission) {
            OpRecord earlierCreate = submission.baseVersion() == null
                    ? earlierCreates.get(submission.src() + "/" + submission.seq()) : null;
            if (earlierCreate != null) {
                // A resent create that is already stored: acknowledged at its version, not applied again.
                return new Accepted(submission, earlierCreate, List.of());
            }
            long head = snapshot.version();
            long base = submission.baseVersion() == null ? head : submission.baseVersion();
            if (base > head) {
                throw new ProtocolException(ErrorCode.ERR_OP_VERSION_NEWER_THAN_CURRENT_SNAPSHOT,
                        "Op version " + base + " is newer than the document version " + head);
            }
            if (base < historyStart) {
                throw new ProtocolException(ErrorCode.ERR_SUBMIT_TRANSFORM_OPS_NOT_FOUND,
                        "The op was made on version " + base + ", which is more than " + services.maxCatchUpOps()
                                + " versions behind or older than the stored ops, so it cannot be transformed;"
                                + " fetch the document again");
            }
            List<OpRecord> since = opsFrom(base);
            for (int i = 0; i < since.size(); i++) {
                OpRecord applied = since.get(i);
                if (applied.isSubmission(submission.src(), submission.seq())) {
                    // A resend of an op that is already committed: acknowledge it at its version.
                    return new Accepted(submission, applied, priorFor(submission, since.subList(0, i)));
                }
            }
            Object body = transform(submission, since);
            Snapshot next = apply(submission, body, head);
            OpRecord own = new OpRecord(collection, docId, head, submission.kind(),
                    submission.kind() == OpKind.CREATE ? next.typeUri() : null, body, submission.src(),
                    submission.seq(), timestamp, submission.userId());
            snapshotsBefore.add(snapshot);
            snapshot = next;
            newOps.add(own);
            return new Accepted(submission, own, priorFor(submission, since));
        }

        /** Returns a copy of the ops before the submission's own, or none when its sender gets them from its feed. */
        private static List<OpRecord> priorFor(Submission submission, List<OpRecord> before) {
            return submission.priorOpsNeeded() ? List.copyOf(before) : List.of();
        }

        private List<OpRecord> opsFrom(long base) {
            List<OpRecord> all = new ArrayList<>(history.size() + newOps.size());
            all.addAll(history);
            all.addAll(newOps);
            int from = (int) (base - historyStart);
            return all.subList(from, all.size());
        }

        private Object transform(Submission submission, List<OpRecord> since) {
            for (OpRecord applied : since) {
                if (applied.kind() == OpKind.DELETE && submission.kind() != OpKind.DELETE) {
                    throw new ProtocolException(ErrorCode.ERR_DOC_WAS_DELETED,
                            "The document was deleted at version " + applied.version());
                }
                if (applied.kind() == OpKind.CREATE && submission.kind() != OpKind.DELETE) {
                    throw new ProtocolException(ErrorCode.ERR_DOC_ALREADY_CREATED,
                            "The document was created by another client at version " + applied.version());
                }
            }
            Object body = submission.body();
            if (submission.kind() != OpKind.EDIT) {
                return body;
            }
            if (!snapshot.exists()) {
                throw new ProtocolException(ErrorCode.ERR_DOC_DOES_NOT_EXIST, "The document does not exist");
            }
            OtType type = typeOf(snapshot);
            try {
                type.checkOp(body);
                // The npm client normalizes before it submits; doing the same makes raw clients
                // transform identically, since the reference transform depends on component breaks.
                body = type.normalize(body);
                for (OpRecord applied : since) {
                    body = type.transform(body, applied.body(), Side.LEFT);
                }
            } catch (OtException e) {
                throw otError(e);
            } catch (RuntimeException e) {
                throw unexpected(e);
            }
            return body;
        }

        private Snapshot apply(Submission submission, Object body, long head) {
            long next = head + 1;
            switch (submission.kind()) {
                case CREATE -> {
                    if (snapshot.exists()) {
                        throw new ProtocolException(ErrorCode.ERR_DOC_ALREADY_CREATED, "The document already exists");
                    }
                    OtType type = services.types().find(submission.createType()).orElseThrow(() -> new ProtocolException(
                            ErrorCode.ERR_DOC_TYPE_NOT_RECOGNIZED, "Unknown type: " + submission.createType()));
                    Object data;
                    try {
                        data = type.create(body);
                    } catch (OtException e) {
                        throw otError(e);
                    } catch (RuntimeException e) {
                        throw unexpected(e);
                    }
                    return sized(new Snapshot(collection, docId, next, type.uri(), data, timestamp), checkedSize(data));
                }
                case DELETE -> {
                    if (!snapshot.exists()) {
                        throw new ProtocolException(ErrorCode.ERR_DOC_DOES_NOT_EXIST, "The document does not exist");
                    }
                    return new Snapshot(collection, docId, next, null, null, timestamp);
                }
                default -> {
                    if (!snapshot.exists()) {
                        throw new ProtocolException(ErrorCode.ERR_DOC_DOES_NOT_EXIST, "The document does not exist");
                    }
                    OtType type = typeOf(snapshot);
                    Object data;
                    try {
                        data = type.apply(snapshot.data(), body);
                    } catch (OtException e) {
                        throw otError(e);
                    } catch (RuntimeException e) {
                        throw unexpected(e);
                    }
                    long[] size = sizeAfter(type, body, data);
                    return sized(new Snapshot(collection, docId, next, snapshot.typeUri(), data, timestamp), size);
                }
            }
        }

        /**
         * Returns the bounds {low, high} of the size of {@code data}, which {@code op} made of the
         * draft's snapshot, or rejects the op. An op that cannot grow the document is accepted even
         * above the limit, so that a document over a lowered limit can still shrink.
         */
        private long[] sizeAfter(OtType type, Object op, Object data) {
            long limit = services.maxDocumentBytes();
            OtType.SizeChange change = type.sizeChange(op, value -> DocumentSize.exact(value, Long.MAX_VALUE));
            if (change != null && snapshot != sizedSnapshot) {
                // Walks the document as it was before the op, once after each load, so that later
                // ops need no walk. A document over a lowered limit is measured in full, so its
                // bounds stay finite while it shrinks.
                long[] before = DocumentSize.bounds(snapshot.data(), limit);
                if (before[0] > limit) {
                    long exact = DocumentSize.exact(snapshot.data(), Long.MAX_VALUE);
                    before = new long[] {exact, exact};
                }
                sized(snapshot, before);
            }
            if (change != null) {
                long low = Math.max(0, sizeLow + change.min());
                long high = sizeHigh + change.max();
                if (change.max() <= 0 || high <= limit) {
                    return new long[] {low, high};
                }
                if (low > limit) {
                    throw tooLarge(limit);
                }
            }
            return checkedSize(data);
        }

        /** Returns the bounds {low, high} of the size of {@code data}, measured by a walk, or rejects the op. */
        private long[] checkedSize(Object data) {
            long limit = services.maxDocumentBytes();
            long[] bounds = DocumentSize.bounds(data, limit);
            if (bounds[0] > limit) {
                throw tooLarge(limit);
            }
            return bounds;
        }

        private ProtocolException tooLarge(long limit) {
            return new ProtocolException(ErrorCode.ERR_DOCUMENT_TOO_LARGE,
                    "The op would make the document larger than the limit of " + limit + " bytes");
        }

        private Snapshot sized(Snapshot result, long[] bounds) {
            sizedSnapshot = result;
            sizeLow = bounds[0];
            sizeHigh = bounds[1];
            return result;
        }

        private OtType typeOf(Snapshot current) {
            return services.types().find(current.typeUri()).orElseThrow(() -> new ProtocolException(
                    ErrorCode.ERR_DOC_TYPE_NOT_RECOGNIZED, "Unknown type: " + current.typeUri()));
        }
    }

    /** Maps a failure the OT type did not classify; the op is rejected, but the type may have a bug. */
    private ProtocolException unexpected(RuntimeException e) {
        LOG.warn("OT type failed on an op: collection={} doc={}", collection, docId, e);
        return new ProtocolException(ErrorCode.ERR_OT_OP_BADLY_FORMED, "The op is malformed: " + e.getClass().getSimpleName());
    }

    private static ProtocolException otError(OtException e) {
        ErrorCode code = e.kind() == OtException.Kind.BADLY_FORMED ? ErrorCode.ERR_OT_OP_BADLY_FORMED
                : ErrorCode.ERR_OT_OP_NOT_APPLIED;
        return new ProtocolException(code, e.getMessage());
    }
}
