package dev.tandem.store;

/**
 * The reconnect back-off of one dependency: whether it may be called now, after failures. Once a
 * call fails, calls are skipped for a delay that doubles after each further failure, from the
 * initial delay up to the maximum. When a delay ends, one call goes through as a probe. A
 * dependency that stays down then costs one failed call per delay instead of one per request,
 * which matters because each failed call may wait a whole timeout when the host does not reject
 * the connection. Time is a parameter, so tests need no clock.
 *
 * <p>Thread-safe: callers on several event loops share one instance.
 */
final class ReconnectBackoff {

    /** The change of state that a recorded outcome caused. */
    enum Transition {
        NONE, LOST, RESTORED
    }

    private final long initialDelayMillis;
    private final long maxDelayMillis;
    private boolean down;
    private long downSinceMillis;
    private long delayMillis;
    private long nextProbeMillis;

    ReconnectBackoff(long initialDelayMillis, long maxDelayMillis) {
        if (initialDelayMillis < 1 || maxDelayMillis < initialDelayMillis) {
            throw new IllegalArgumentException("expected 1 <= initialDelayMillis <= maxDelayMillis, got "
                    + initialDelayMillis + " and " + maxDelayMillis);
        }
        this.initialDelayMillis = initialDelayMillis;
        this.maxDelayMillis = maxDelayMillis;
    }

    /**
     * Returns whether a call may go out at {@code nowMillis}. While down, it lets one probe through
     * when the delay has passed and holds back the others until that probe's outcome is recorded
     * or another delay has passed.
     */
    synchronized boolean allows(long nowMillis) {
        if (!down) {
            return true;
        }
        if (nowMillis < nextProbeMillis) {
            return false;
        }
        nextProbeMillis = nowMillis + delayMillis;
        return true;
    }

    synchronized Transition recordFailure(long nowMillis) {
        if (!down) {
            down = true;
            downSinceMillis = nowMillis;
            delayMillis = initialDelayMillis;
            nextProbeMillis = nowMillis + delayMillis;
            return Transition.LOST;
        }
        delayMillis = Math.min(maxDelayMillis, delayMillis * 2);
        nextProbeMillis = nowMillis + delayMillis;
        return Transition.NONE;
    }

    synchronized Transition recordSuccess() {
        if (!down) {
            return Transition.NONE;
        }
        down = false;
        return Transition.RESTORED;
    }

    /** Returns when the current outage began; meaningful only while down or right after {@link Transition#RESTORED}. */
    synchronized long downSinceMillis() {
        return downSinceMillis;
    }

    /** Returns the delay before the next probe, or 0 while the dependency is up. */
    synchronized long delayMillis() {
        return down ? delayMillis : 0;
    }
}
