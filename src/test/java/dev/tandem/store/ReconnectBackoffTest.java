package dev.tandem.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class ReconnectBackoffTest {

    @Test
    void upAllowsEveryCall() {
        ReconnectBackoff backoff = new ReconnectBackoff(100, 800);

        assertThat(backoff.allows(0)).isTrue();
        assertThat(backoff.allows(0)).isTrue();
        assertThat(backoff.delayMillis()).isZero();
    }

    @Test
    void firstFailureIsLostAndHoldsCallsBack() {
        ReconnectBackoff backoff = new ReconnectBackoff(100, 800);

        ReconnectBackoff.Transition transition = backoff.recordFailure(1_000);

        assertThat(transition).isEqualTo(ReconnectBackoff.Transition.LOST);
        assertThat(backoff.allows(1_099)).isFalse();
        assertThat(backoff.allows(1_100)).as("the probe after the delay").isTrue();
        assertThat(backoff.allows(1_101)).as("a second call while the probe is out").isFalse();
    }

    @Test
    void delayDoublesUpToMaximum() {
        ReconnectBackoff backoff = new ReconnectBackoff(100, 300);
        backoff.recordFailure(0);

        assertThat(backoff.recordFailure(100)).isEqualTo(ReconnectBackoff.Transition.NONE);
        assertThat(backoff.delayMillis()).isEqualTo(200);
        backoff.recordFailure(300);
        assertThat(backoff.delayMillis()).isEqualTo(300);
        assertThat(backoff.allows(599)).isFalse();
        assertThat(backoff.allows(600)).isTrue();
    }

    @Test
    void successAfterOutageIsRestoredOnce() {
        ReconnectBackoff backoff = new ReconnectBackoff(100, 800);
        backoff.recordFailure(500);
        backoff.recordFailure(600);

        assertThat(backoff.recordSuccess()).isEqualTo(ReconnectBackoff.Transition.RESTORED);
        assertThat(backoff.downSinceMillis()).isEqualTo(500);
        assertThat(backoff.recordSuccess()).isEqualTo(ReconnectBackoff.Transition.NONE);
        assertThat(backoff.allows(601)).isTrue();
        assertThat(backoff.recordFailure(700)).as("a new outage starts from the initial delay")
                .isEqualTo(ReconnectBackoff.Transition.LOST);
        assertThat(backoff.delayMillis()).isEqualTo(100);
    }

    @Test
    void invalidDelaysAreRejected() {
        assertThatThrownBy(() -> new ReconnectBackoff(0, 100)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new ReconnectBackoff(200, 100)).isInstanceOf(IllegalArgumentException.class);
    }
}
