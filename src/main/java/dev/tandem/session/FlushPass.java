package dev.tandem.session;

import io.netty.channel.EventLoop;
import io.vertx.core.Context;
import io.vertx.core.internal.ContextInternal;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Flushes, once each, the connections that were written to during one pass of a session verticle's
 * event loop. A committed op reaches every subscriber of its document, and the ops of one group
 * commit arrive as consecutive event-loop tasks. Flushing after each frame would cost one system
 * call per op and recipient, while flushing at the end of the pass costs one per recipient for the
 * whole burst. The flush runs as a task queued behind the ones already waiting, so it adds no timer
 * delay. Confined to the verticle's event loop.
 *
 * <p>With a minimum interval, a pass that follows the previous flush sooner than that waits for the
 * rest of the interval, so that the ops of several group commits leave in one write per recipient.
 * A quiet loop still flushes at once; a loop that flushes continuously adds at most the interval to
 * each frame's delivery.
 */
final class FlushPass {

    private final Context context;
    private final EventLoop eventLoop;
    private final long minIntervalNanos;
    private List<Runnable> pending = new ArrayList<>();
    private long lastFlushNanos;

    FlushPass(Context context) {
        this(context, 0);
    }

    /** @param minIntervalNanos least time between two flushes of the loop; 0 flushes after every pass */
    FlushPass(Context context, long minIntervalNanos) {
        this.context = context;
        this.eventLoop = ((ContextInternal) context).nettyEventLoop();
        this.minIntervalNanos = minIntervalNanos;
        this.lastFlushNanos = System.nanoTime() - minIntervalNanos;
    }

    /** Runs {@code flush} once the current pass ends; the caller adds each connection once per pass. */
    void add(Runnable flush) {
        if (pending.isEmpty()) {
            long wait = minIntervalNanos == 0 ? 0 : lastFlushNanos + minIntervalNanos - System.nanoTime();
            if (wait > 0) {
                eventLoop.schedule(this::flushAll, wait, TimeUnit.NANOSECONDS);
            } else {
                context.runOnContext(v -> flushAll());
            }
        }
        pending.add(flush);
    }

    private void flushAll() {
        lastFlushNanos = System.nanoTime();
        List<Runnable> flushing = pending;
        pending = new ArrayList<>();
        for (Runnable flush : flushing) {
            flush.run();
        }
    }
}
