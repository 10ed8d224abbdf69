package dev.tandem.notification;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.turbo.TurboFilter;
import ch.qos.logback.core.spi.FilterReply;
import io.vertx.core.http.HttpClosedException;
import org.slf4j.Marker;

/**
 * Drops the error that vertx-web's event-bus bridge logs whenever a client's SockJS connection
 * closes while a request of it is open, which is how browsers leave a page. That line carries no
 * socket or user id, and every other error of the bridge still passes.
 */
public final class ClosedBridgeSocketFilter extends TurboFilter {

    static final String BRIDGE_LOGGER = "io.vertx.ext.web.handler.sockjs.impl.EventBusBridgeImpl";
    static final String MESSAGE = "SockJSSocket exception";

    @Override
    public FilterReply decide(Marker marker, Logger logger, Level level, String format, Object[] params, Throwable t) {
        if (t instanceof HttpClosedException && MESSAGE.equals(format) && BRIDGE_LOGGER.equals(logger.getName())) {
            return FilterReply.DENY;
        }
        return FilterReply.NEUTRAL;
    }
}
