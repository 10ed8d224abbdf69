package dev.tandem.session;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class UserQuotasTest {

    @Test
    void connectionsOverLimitRefusedPerUser() {
        UserQuotas quotas = new UserQuotas(2, 10);

        boolean first = quotas.tryOpenConnection("ana", 0);
        boolean second = quotas.tryOpenConnection("ana", 0);
        boolean third = quotas.tryOpenConnection("ana", 0);
        boolean otherUser = quotas.tryOpenConnection("ben", 0);

        assertThat(first).isTrue();
        assertThat(second).isTrue();
        assertThat(third).isFalse();
        assertThat(otherUser).isTrue();
        assertThat(quotas.connections("ana")).isEqualTo(2);
    }

    @Test
    void closedConnectionFreesItsSlot() {
        UserQuotas quotas = new UserQuotas(1, 10);
        quotas.tryOpenConnection("ana", 0);

        quotas.closeConnection("ana");

        assertThat(quotas.tryOpenConnection("ana", 0)).isTrue();
        assertThat(quotas.totalConnections()).isEqualTo(1);
    }

    @Test
    void extraCloseNeverGoesNegative() {
        UserQuotas quotas = new UserQuotas(1, 10);

        quotas.closeConnection("ana");
        quotas.closeConnection("ana");

        assertThat(quotas.connections("ana")).isZero();
    }

    @Test
    void opRateSharedByUserNotByOthers() {
        UserQuotas quotas = new UserQuotas(5, 2);

        List<Boolean> ana = List.of(quotas.tryTakeOp("ana", 0), quotas.tryTakeOp("ana", 0), quotas.tryTakeOp("ana", 0));
        boolean ben = quotas.tryTakeOp("ben", 0);

        assertThat(ana).containsExactly(true, true, false);
        assertThat(ben).isTrue();
    }

    @Test
    void manyConnectedUsersSweepOncePerDoubling() {
        UserQuotas quotas = new UserQuotas(1, 10);

        for (int i = 0; i < 40_000; i++) {
            quotas.tryOpenConnection("user-" + i, 0);
        }

        // Sweeps when the 10,001st and the 20,001st user arrive; neither removes a connected user.
        assertThat(quotas.sweeps()).isEqualTo(2);
        assertThat(quotas.totalConnections()).isEqualTo(40_000);
    }

    @Test
    void sweepForgetsUsersWithNothingOpen() {
        UserQuotas quotas = new UserQuotas(1, 10);
        for (int i = 0; i < 10_000; i++) {
            quotas.tryOpenConnection("gone-" + i, 0);
            quotas.closeConnection("gone-" + i);
        }

        quotas.tryOpenConnection("newcomer", 0);

        assertThat(quotas.sweeps()).isEqualTo(1);
        assertThat(quotas.trackedUsers()).isEqualTo(1);
    }
}
