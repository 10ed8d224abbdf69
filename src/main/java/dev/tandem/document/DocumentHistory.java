package dev.tandem.document;

import dev.tandem.session.ErrorCode;
import dev.tandem.session.ProtocolException;
import dev.tandem.store.OpLog;
import dev.tandem.store.OpRecord;
import dev.tandem.store.Snapshot;
import io.vertx.core.Future;
import java.util.List;

/**
 * Reads a document's past from PostgreSQL on any node: ops by version range and snapshots at a
 * version or a time (the newest milestone at or below it plus the ops after it).
 */
public final class DocumentHistory {

    private final OpLog opLog;
    private final DocumentLoader loader;
    private final long maxOps;

    DocumentHistory(OpLog opLog, DocumentLoader loader, long maxOps) {
        this.opLog = opLog;
        this.loader = loader;
        this.maxOps = maxOps;
    }

    /** {@code maxOps} bounds one read of ops, so that no request makes a node load a whole long history. */
    public static DocumentHistory create(OpLog opLog, dev.tandem.store.SnapshotStore snapshots,
            dev.tandem.store.SnapshotCache cache, dev.tandem.ot.TypeRegistry types, long maxOps) {
        return new DocumentHistory(opLog, new DocumentLoader(opLog, snapshots, cache, new SnapshotReplay(types)), maxOps);
    }

    /**
     * Returns the ops {@code [from, to)}; {@code to} may be {@link Long#MAX_VALUE} for all after
     * {@code from}. Fails with {@link ErrorCode#ERR_OP_VERSION_NEWER_THAN_CURRENT_SNAPSHOT} when
     * {@code from} is past the document's version, and with
     * {@link ErrorCode#ERR_SUBMIT_TRANSFORM_OPS_NOT_FOUND} when the log no longer contains them all,
     * so a caller never receives a partial list. Fails with {@link ErrorCode#ERR_TOO_MANY_OPS} when the
     * range holds more than the configured maximum.
     */
    public Future<List<OpRecord>> ops(String collection, String docId, long from, long to) {
        long bounded = to - from > maxOps ? from + maxOps + 1 : to;
        return opLog.range(collection, docId, from, bounded).compose(ops -> {
            if (ops.size() > maxOps) {
                return Future.failedFuture(new ProtocolException(ErrorCode.ERR_TOO_MANY_OPS,
                        "More than " + maxOps + " ops from version " + from + "; fetch the document's snapshot, or"
                                + " request a smaller range"));
            }
            if (!ops.isEmpty()) {
                if (ops.get(0).version() != from) {
                    return missing(from);
                }
                return Future.succeededFuture(ops);
            }
            // No op at or after "from": either the client is up to date, or "from" is past the
            // head. An op committed between the two reads only means the client was up to date
            // at the first read, and that op reaches subscribers through the document's feed.
            return opLog.headVersion(collection, docId).compose(head -> {
                if (from > head) {
                    return Future.failedFuture(new ProtocolException(ErrorCode.ERR_OP_VERSION_NEWER_THAN_CURRENT_SNAPSHOT,
                            "Version " + from + " is newer than the document version " + head));
                }
                return Future.succeededFuture(ops);
            });
        });
    }

    private static Future<List<OpRecord>> missing(long from) {
        return Future.failedFuture(new ProtocolException(ErrorCode.ERR_SUBMIT_TRANSFORM_OPS_NOT_FOUND,
                "The ops from version " + from + " are no longer stored; fetch the whole document"));
    }

    /** Returns the snapshot at {@code version}; fails when the document has not reached that version. */
    public Future<Snapshot> snapshotAt(String collection, String docId, long version) {
        return opLog.headVersion(collection, docId).compose(head -> {
            if (version > head) {
                return Future.failedFuture(new ProtocolException(ErrorCode.ERR_OP_VERSION_NEWER_THAN_CURRENT_SNAPSHOT,
                        "Version " + version + " is newer than the document version " + head));
            }
            return loader.atVersion(collection, docId, version);
        });
    }

    /** Returns the snapshot as it was at {@code timestampMillis}: after every op committed at or before it. */
    public Future<Snapshot> snapshotAtTime(String collection, String docId, long timestampMillis) {
        return opLog.versionAt(collection, docId, timestampMillis)
                .compose(version -> loader.atVersion(collection, docId, version));
    }
}
