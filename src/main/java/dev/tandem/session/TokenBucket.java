package dev.tandem.session;

/**
 * A token bucket that refills at {@code tokensPerSecond} up to {@code capacity} tokens. Time is a
 * parameter in nanoseconds from any fixed origin (such as {@link System#nanoTime()}), so tests drive
 * it without sleeping. Not thread-safe: each owner confines it or synchronizes on it.
 */
final class TokenBucket {

    private static final double NANOS_PER_SECOND = 1_000_000_000d;

    private final double capacity;
    private final double tokensPerNano;
    private double tokens;
    private long lastRefillNanos;

    /** Creates a full bucket. */
    TokenBucket(long capacity, double tokensPerSecond, long nowNanos) {
        if (capacity <= 0 || tokensPerSecond <= 0) {
            throw new IllegalArgumentException("capacity and rate must be positive, got " + capacity + " and "
                    + tokensPerSecond);
        }
        this.capacity = capacity;
        this.tokensPerNano = tokensPerSecond / NANOS_PER_SECOND;
        this.tokens = capacity;
        this.lastRefillNanos = nowNanos;
    }

    /** Takes one token and returns true, or returns false and takes nothing when the bucket is empty. */
    boolean tryTake(long nowNanos) {
        refill(nowNanos);
        if (tokens < 1) {
            return false;
        }
        tokens -= 1;
        return true;
    }

    /** Puts back a token taken by {@link #tryTake} for a request that another limit then rejected. */
    void giveBack() {
        tokens = Math.min(capacity, tokens + 1);
    }

    /** Returns whether the bucket has refilled completely, so that forgetting it loses nothing. */
    boolean isFull(long nowNanos) {
        refill(nowNanos);
        return tokens >= capacity;
    }

    private void refill(long nowNanos) {
        long elapsed = nowNanos - lastRefillNanos;
        if (elapsed > 0) {
            tokens = Math.min(capacity, tokens + elapsed * tokensPerNano);
            lastRefillNanos = nowNanos;
        }
    }
}
