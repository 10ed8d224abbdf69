package dev.tandem.notification;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.core.spi.FilterReply;
import io.vertx.core.http.HttpClosedException;
import org.junit.jupiter.api.Test;

class ClosedBridgeSocketFilterTest {

    private final LoggerContext context = new LoggerContext();
    private final ClosedBridgeSocketFilter filter = new ClosedBridgeSocketFilter();

    @Test
    void closedSocketErrorOfBridgeIsDropped() {
        FilterReply reply = filter.decide(null, context.getLogger(ClosedBridgeSocketFilter.BRIDGE_LOGGER), Level.ERROR,
                ClosedBridgeSocketFilter.MESSAGE, null, new HttpClosedException("Connection was closed"));

        assertThat(reply).isEqualTo(FilterReply.DENY);
    }

    @Test
    void otherErrorsPass() {
        var bridge = context.getLogger(ClosedBridgeSocketFilter.BRIDGE_LOGGER);

        assertThat(filter.decide(null, bridge, Level.ERROR, ClosedBridgeSocketFilter.MESSAGE, null,
                new IllegalStateException("broken"))).isEqualTo(FilterReply.NEUTRAL);
        assertThat(filter.decide(null, bridge, Level.ERROR, "Failure in bridge event handler", null,
                new HttpClosedException("Connection was closed"))).isEqualTo(FilterReply.NEUTRAL);
        assertThat(filter.decide(null, context.getLogger("dev.tandem.Node"), Level.ERROR, ClosedBridgeSocketFilter.MESSAGE,
                null, new HttpClosedException("Connection was closed"))).isEqualTo(FilterReply.NEUTRAL);
    }
}
