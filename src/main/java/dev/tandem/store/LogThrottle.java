package dev.tandem.store;

/**
 * Lets one log message through per interval and counts the ones it holds back, so a dependency
 * that stays down does not flood the log. Time is a parameter, so tests need no clock.
 */
final class LogThrottle {

    private final long intervalMillis;
    private long nextAllowedMillis = Long.MIN_VALUE;
    private long suppressed;

    LogThrottle(long intervalMillis) {
        this.intervalMillis = intervalMillis;
    }

    /**
     * Records one event at {@code nowMillis}.
     *
     * @return -1 when this event should not be logged, otherwise the number of events held back
     *     since the last one that was logged
     */
    synchronized long acquire(long nowMillis) {
        if (nowMillis < nextAllowedMillis) {
            suppressed++;
            return -1;
        }
        nextAllowedMillis = nowMillis + intervalMillis;
        long heldBack = suppressed;
        suppressed = 0;
        return heldBack;
    }
}
