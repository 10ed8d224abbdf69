package dev.tandem.session;

import io.vertx.core.Context;
import java.util.ArrayList;
import java.util.List;

/**
 * Flushes, once each, the connections that were written to during one pass of a session verticle's
 * event loop. A committed op reaches every subscriber of its document, and the ops of one group
 * commit arrive as consecutive event-loop tasks. Flushing after each frame would cost one system
 * call per op and recipient, while flushing at the end of the pass costs one per recipient for the
 * whole burst. The flush runs as a task queued behind the ones already waiting, so it adds no timer
 * delay. Confined to the verticle's event loop.
 */
final class FlushPass {

    private final Context context;
    private List<Runnable> pending = new ArrayList<>();

    FlushPass(Context context) {
        this.context = context;
    }

    /** Runs {@code flush} once the current pass ends; the caller adds each connection once per pass. */
    void add(Runnable flush) {
        if (pending.isEmpty()) {
            context.runOnContext(v -> flushAll());
        }
        pending.add(flush);
    }

    private void flushAll() {
        List<Runnable> flushing = pending;
        pending = new ArrayList<>();
        for (Runnable flush : flushing) {
            flush.run();
        }
    }
}
