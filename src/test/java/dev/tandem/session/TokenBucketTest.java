package dev.tandem.session;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class TokenBucketTest {

    private static final long SECOND = 1_000_000_000L;

    @Test
    void fullBucketAllowsBurstOfCapacity() {
        TokenBucket bucket = new TokenBucket(3, 3, 0);

        boolean first = bucket.tryTake(0);
        boolean second = bucket.tryTake(0);
        boolean third = bucket.tryTake(0);
        boolean fourth = bucket.tryTake(0);

        assertThat(first).isTrue();
        assertThat(second).isTrue();
        assertThat(third).isTrue();
        assertThat(fourth).isFalse();
    }

    @Test
    void emptyBucketRefillsAtRate() {
        TokenBucket bucket = new TokenBucket(2, 4, 0);
        bucket.tryTake(0);
        bucket.tryTake(0);

        boolean beforeQuarterSecond = bucket.tryTake(SECOND / 4 - 1);
        boolean atQuarterSecond = bucket.tryTake(SECOND / 4);

        assertThat(beforeQuarterSecond).isFalse();
        assertThat(atQuarterSecond).isTrue();
    }

    @Test
    void refillStopsAtCapacity() {
        TokenBucket bucket = new TokenBucket(2, 100, 0);

        int taken = 0;
        while (bucket.tryTake(10 * SECOND)) {
            taken++;
        }

        assertThat(taken).isEqualTo(2);
        assertThat(bucket.isFull(20 * SECOND)).isTrue();
    }

    @Test
    void giveBackRestoresOneToken() {
        TokenBucket bucket = new TokenBucket(1, 1, 0);
        bucket.tryTake(0);

        bucket.giveBack();

        assertThat(bucket.tryTake(0)).isTrue();
        assertThat(bucket.tryTake(0)).isFalse();
    }

    @Test
    void clockGoingBackwardsAddsNothing() {
        TokenBucket bucket = new TokenBucket(1, 1, SECOND);
        bucket.tryTake(SECOND);

        boolean earlier = bucket.tryTake(0);

        assertThat(earlier).isFalse();
    }
}
