package dev.tandem.document;

import dev.tandem.ot.TypeRegistry;
import dev.tandem.store.CommitBatcher;
import dev.tandem.store.OpLog;
import dev.tandem.store.SnapshotCache;
import dev.tandem.store.SnapshotStore;
import io.vertx.core.Vertx;
import java.time.Clock;

/** The node services a {@link Sequencer} uses, gathered so that tests can supply each part. */
record DocumentServices(
        Vertx vertx,
        TypeRegistry types,
        OpLog opLog,
        CommitBatcher commits,
        SnapshotStore snapshots,
        SnapshotCache cache,
        DocumentLoader loader,
        OpPublisher publisher,
        DocumentMetrics metrics,
        Clock clock,
        long milestoneEveryOps,
        long maxDocumentBytes,
        long maxCatchUpOps,
        long retryDelayMillis,
        long cacheWriteIntervalMillis,
        CommitListener commitListener) {
}
