package dev.tandem.perf.load;

import java.util.concurrent.ConcurrentHashMap;

/**
 * When each op of this run was typed, by {@code src:seq}, so that a client receiving someone
 * else's op can tell how long it took to become visible. All clients live in this process and share
 * its clock. Entries older than a minute are dropped.
 */
public final class SendTimes {

    private static final long KEEP_NANOS = 60_000_000_000L;

    private final ConcurrentHashMap<String, Long> typedAt = new ConcurrentHashMap<>();

    public void typed(String src, long seq, long nanos) {
        typedAt.put(src + ":" + seq, nanos);
    }

    /** When op {@code src:seq} was typed, or -1 when another process sent it or it is too old. */
    public long typedAt(String src, Object seq) {
        Long nanos = typedAt.get(src + ":" + seq);
        return nanos == null ? -1 : nanos;
    }

    public void dropOld() {
        long oldest = System.nanoTime() - KEEP_NANOS;
        typedAt.values().removeIf(nanos -> nanos < oldest);
    }
}
