package dev.tandem.document;

import dev.tandem.store.Snapshot;
import dev.tandem.store.SnapshotCache;
import io.vertx.core.Vertx;
import java.util.concurrent.TimeUnit;

/**
 * Writes one document's committed snapshot to the Redis cache at most once per interval. Each write
 * encodes and sends the whole document: after every group commit, a profile of 400 typists on one
 * document put a quarter of the document event loop's samples there. The cache only needs to be
 * recent, because a load replays the ops stored after the cached version. The snapshot of the last
 * commit of a burst is written when the interval ends, so the cache catches up once the typing
 * stops. Confined to the document verticle's event loop.
 */
final class CacheWrites {

    private final Vertx vertx;
    private final SnapshotCache cache;
    private final long intervalNanos;
    private Snapshot unwritten;
    private boolean timerSet;
    private long lastWriteNanos;

    /** @param intervalMillis least time between two writes; 0 writes after every commit */
    CacheWrites(Vertx vertx, SnapshotCache cache, long intervalMillis) {
        this.vertx = vertx;
        this.cache = cache;
        this.intervalNanos = TimeUnit.MILLISECONDS.toNanos(intervalMillis);
        this.lastWriteNanos = System.nanoTime() - intervalNanos;
    }

    /** Takes the snapshot of a commit, which is written now or when the interval ends unless a newer one replaces it. */
    void committed(Snapshot snapshot) {
        unwritten = snapshot;
        if (timerSet) {
            return;
        }
        long waitNanos = lastWriteNanos + intervalNanos - System.nanoTime();
        if (waitNanos <= 0) {
            write();
            return;
        }
        timerSet = true;
        vertx.setTimer(Math.max(1, TimeUnit.NANOSECONDS.toMillis(waitNanos)), id -> {
            timerSet = false;
            write();
        });
    }

    private void write() {
        lastWriteNanos = System.nanoTime();
        Snapshot snapshot = unwritten;
        unwritten = null;
        if (snapshot != null) {
            cache.put(snapshot);
        }
    }
}
