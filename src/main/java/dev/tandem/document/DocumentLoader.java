package dev.tandem.document;

import dev.tandem.store.OpLog;
import dev.tandem.store.OpRecord;
import dev.tandem.store.Snapshot;
import dev.tandem.store.SnapshotCache;
import dev.tandem.store.SnapshotStore;
import io.vertx.core.Future;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Loads the latest state of a document: the Redis snapshot when it is consistent with the op log,
 * otherwise the newest milestone from PostgreSQL; then the ops stored after it. PostgreSQL is the
 * truth: a cached snapshot ahead of the op log is ignored.
 */
final class DocumentLoader {

    private static final Logger LOG = LoggerFactory.getLogger(DocumentLoader.class);

    /** The loaded snapshot, the version of the newest stored milestone, and the ops replayed onto it. */
    record Loaded(Snapshot snapshot, long milestoneVersion, List<OpRecord> recentOps) {
    }

    private final OpLog opLog;
    private final SnapshotStore snapshots;
    private final SnapshotCache cache;
    private final SnapshotReplay replay;

    DocumentLoader(OpLog opLog, SnapshotStore snapshots, SnapshotCache cache, SnapshotReplay replay) {
        this.opLog = opLog;
        this.snapshots = snapshots;
        this.cache = cache;
        this.replay = replay;
    }

    Future<Loaded> load(String collection, String docId) {
        return cache.get(collection, docId).compose(cached -> {
            if (cached == null) {
                return fromDatabase(collection, docId);
            }
            return opLog.range(collection, docId, cached.version(), Long.MAX_VALUE).compose(after -> {
                if (!after.isEmpty() && after.get(0).version() == cached.version()) {
                    return Future.succeededFuture(new Loaded(replay.replay(cached, after), 0, after));
                }
                return opLog.headVersion(collection, docId).compose(head -> {
                    if (head == cached.version()) {
                        return Future.succeededFuture(new Loaded(cached, 0, List.of()));
                    }
                    LOG.warn("Cached snapshot does not match the op log, loading from PostgreSQL: collection={} doc={}"
                            + " cachedVersion={} storedVersion={}", collection, docId, cached.version(), head);
                    return fromDatabase(collection, docId);
                });
            });
        });
    }

    private Future<Loaded> fromDatabase(String collection, String docId) {
        return snapshots.latestAtOrBelow(collection, docId, Long.MAX_VALUE).compose(milestone -> {
            Snapshot start = milestone == null ? Snapshot.missing(collection, docId) : milestone;
            return opLog.range(collection, docId, start.version(), Long.MAX_VALUE).map(ops ->
                    new Loaded(replay.replay(start, ops), start.version(), ops));
        });
    }

    /** Returns the snapshot at {@code version}, or fails when the document has not reached it. */
    Future<Snapshot> atVersion(String collection, String docId, long version) {
        return snapshots.latestAtOrBelow(collection, docId, version).compose(milestone -> {
            Snapshot start = milestone == null ? Snapshot.missing(collection, docId) : milestone;
            return opLog.range(collection, docId, start.version(), version).map(ops -> replay.replay(start, ops));
        });
    }
}
