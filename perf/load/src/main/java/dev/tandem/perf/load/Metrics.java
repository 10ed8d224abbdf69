package dev.tandem.perf.load;

import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.atomic.LongAdder;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;

/**
 * What every client of a run records, from any event-loop thread. Latencies are in microseconds.
 * Interval histograms feed the progress line and per-phase tables; the cumulative ones feed the
 * report. Acknowledgements are also counted in 100 ms slots so that a failover's gap shows.
 */
public final class Metrics {

    /** Slot width of the acknowledgement timeline. */
    public static final long SLOT_MILLIS = 100;
    private static final long HIGHEST_MICROS = 600_000_000L;

    private final long startNanos = System.nanoTime();
    private final Recorder ackInterval = new Recorder(HIGHEST_MICROS, 3);
    private final Recorder remoteInterval = new Recorder(HIGHEST_MICROS, 3);
    private final Histogram ackPhase = new Histogram(HIGHEST_MICROS, 3);
    private final Histogram remotePhase = new Histogram(HIGHEST_MICROS, 3);
    private final AtomicLongArray acksPerSlot;

    public final LongAdder keystrokes = new LongAdder();
    public final LongAdder opsSent = new LongAdder();
    public final LongAdder acks = new LongAdder();
    /** The {@code src:seq} of every acknowledged op while {@link #recordAcks} is set. */
    public final java.util.Queue<String> acked = new java.util.concurrent.ConcurrentLinkedQueue<>();
    /** Set by single-document scenarios, whose document can be checked against {@link #acked} afterwards. */
    public volatile boolean recordAcks;
    public final LongAdder remoteOps = new LongAdder();
    public final LongAdder presenceSent = new LongAdder();
    public final LongAdder presenceReceived = new LongAdder();
    public final LongAdder reconnects = new LongAdder();
    public final LongAdder connectFailures = new LongAdder();
    public final LongAdder openConnections = new LongAdder();
    private final Map<String, LongAdder> errors = new ConcurrentHashMap<>();

    public Metrics(long maxRunSeconds) {
        this.acksPerSlot = new AtomicLongArray((int) (maxRunSeconds * 1000 / SLOT_MILLIS) + 1);
    }

    public long elapsedMillis() {
        return (System.nanoTime() - startNanos) / 1_000_000;
    }

    /** When each {@code --at} event ran, and the latest acknowledgement of an op typed before it. */
    private final List<long[]> faults = new CopyOnWriteArrayList<>();

    /** Notes that a fault (an {@code --at} event) happens now; returns its index. */
    public int fault() {
        faults.add(new long[] {System.nanoTime(), -1});
        return faults.size() - 1;
    }

    /**
     * How long after fault {@code index} the last op typed before it was acknowledged, in
     * milliseconds: the time until every client that was waiting got through again. -1 when no
     * such op was acknowledged after the fault.
     */
    public long recoveredAfterMillis(int index) {
        long[] fault = faults.get(index);
        synchronized (fault) {
            return fault[1] < 0 ? -1 : (fault[1] - fault[0]) / 1_000_000;
        }
    }

    public void ack(long typedNanos, long ackedNanos) {
        for (long[] fault : faults) {
            if (typedNanos <= fault[0] && ackedNanos >= fault[0]) {
                synchronized (fault) {
                    fault[1] = Math.max(fault[1], ackedNanos);
                }
            }
        }
        long latencyNanos = ackedNanos - typedNanos;
        acks.increment();
        ackInterval.recordValue(Math.max(0, latencyNanos / 1000));
        int slot = (int) (elapsedMillis() / SLOT_MILLIS);
        if (slot < acksPerSlot.length()) {
            acksPerSlot.incrementAndGet(slot);
        }
    }

    public void remote(long latencyNanos) {
        remoteInterval.recordValue(Math.max(0, latencyNanos / 1000));
    }

    public void error(String code) {
        errors.computeIfAbsent(code == null ? "unknown" : code, c -> new LongAdder()).increment();
    }

    public Map<String, Long> errorCounts() {
        Map<String, Long> counts = new java.util.TreeMap<>();
        errors.forEach((code, count) -> counts.put(code, count.sum()));
        return counts;
    }

    public long errorTotal() {
        return errors.values().stream().mapToLong(LongAdder::sum).sum();
    }

    /**
     * Takes the latencies recorded since the last call, adds them to the current phase and returns
     * them as {@code [ack, remote]}. One thread (the progress ticker) calls this.
     */
    public synchronized Histogram[] takeInterval() {
        Histogram ack = ackInterval.getIntervalHistogram();
        Histogram remote = remoteInterval.getIntervalHistogram();
        ackPhase.add(ack);
        remotePhase.add(remote);
        return new Histogram[] {ack, remote};
    }

    /** Returns the latencies of the phase that ends now and starts a new one. */
    public synchronized Histogram[] endPhase() {
        takeInterval();
        Histogram[] phase = {ackPhase.copy(), remotePhase.copy()};
        ackPhase.reset();
        remotePhase.reset();
        return phase;
    }

    /** Acknowledgements per 100 ms slot from the start of the run up to {@code untilMillis}. */
    public long[] ackSlots(long untilMillis) {
        int count = (int) Math.min(acksPerSlot.length(), untilMillis / SLOT_MILLIS + 1);
        long[] slots = new long[count];
        for (int i = 0; i < count; i++) {
            slots[i] = acksPerSlot.get(i);
        }
        return slots;
    }
}
