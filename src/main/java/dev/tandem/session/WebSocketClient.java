package dev.tandem.session;

import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.extensions.WebSocketExtensionEncoder;
import io.vertx.core.http.HttpConnection;
import io.vertx.core.http.ServerWebSocket;
import io.vertx.core.internal.http.WebSocketInternal;
import io.vertx.core.net.impl.ConnectionBase;
import io.vertx.core.net.impl.VertxHandler;
import java.nio.charset.StandardCharsets;

/**
 * A client connected over a raw WebSocket. Its text frames go into the connection's outbound buffer
 * as they are sent and leave in one flush at the end of the event loop's pass ({@link FlushPass}),
 * so a client that receives a burst of ops pays one write system call for all of them.
 *
 * <p>Vert.x flushes every frame written through its own API when the write comes from outside a
 * read of that connection, as every op fan-out does, so frames are written to the Netty channel
 * directly. That is safe because every text frame of the connection takes this path on the
 * channel's own event loop, in order, and the frames that Vert.x writes itself (pongs, the close
 * frame) flush whatever is buffered before them. A client that lets more than the write queue
 * limit pile up is closed, since the buffered bytes count against the channel's writability.
 */
final class WebSocketClient implements ClientSocket {

    private final ServerWebSocket ws;
    /** The Netty channel of the connection, or null when Vert.x does not expose it. */
    private final ChannelHandlerContext channel;
    /** True when frames may be written as bytes: the channel is known and no extension encodes frames. */
    private final boolean rawFrames;
    private final FlushPass flushes;
    private final Runnable onTooSlow;
    private boolean flushQueued;

    /**
     * @param channel the Netty context that Vert.x writes the WebSocket's frames through, from
     *     {@link #frameContext}; null sends every frame through Vert.x, flushed one by one
     */
    WebSocketClient(ServerWebSocket ws, ChannelHandlerContext channel, FlushPass flushes, Runnable onTooSlow) {
        this.ws = ws;
        this.channel = ws instanceof WebSocketInternal internal ? internal.channelHandlerContext() : channel;
        this.rawFrames = this.channel != null
                && this.channel.pipeline().get(WebSocketExtensionEncoder.class) == null;
        this.flushes = flushes;
        this.onTooSlow = onTooSlow;
    }

    /**
     * Returns the Netty context of the WebSocket that replaced the HTTP connection {@code upgraded},
     * or null if Vert.x's pipeline does not have the expected shape. Vert.x Web wraps the upgraded
     * socket in a class that hides its channel, so the context is looked up where Vert.x 5's upgrade
     * puts it. That is the handler named {@code handler}, whose connection is then no longer the
     * HTTP one.
     */
    static ChannelHandlerContext frameContext(HttpConnection upgraded) {
        if (!(upgraded instanceof ConnectionBase http)) {
            return null;
        }
        ChannelHandlerContext context = http.channelHandlerContext().channel().pipeline().context("handler");
        if (context == null || !(context.handler() instanceof VertxHandler<?> handler)
                || handler.getConnection() == http) {
            return null;
        }
        return context;
    }

    @Override
    public void send(String text) {
        if (!writable()) {
            return;
        }
        if (channel == null || !channel.executor().inEventLoop()) {
            ws.writeTextMessage(text);
            return;
        }
        write(new TextWebSocketFrame(true, 0, Unpooled.wrappedBuffer(text.getBytes(StandardCharsets.UTF_8))));
    }

    /**
     * Writes the op's shared frame bytes past Netty's frame encoder, which lets bytes through as they
     * are. That holds only while no WebSocket extension rewrites frames, so a connection that
     * negotiated one gets the op as a text frame like any other message.
     */
    @Override
    public void send(WireOp op) {
        if (!rawFrames || !channel.executor().inEventLoop()) {
            send(op.message());
            return;
        }
        if (writable()) {
            write(op.frame().duplicate());
        }
    }

    private boolean writable() {
        if (ws.isClosed()) {
            return false;
        }
        if (ws.writeQueueFull()) {
            onTooSlow.run();
            return false;
        }
        return true;
    }

    private void write(Object frame) {
        // NOTE: frames written here bypass Vert.x's network metrics, so its bytes-written count for
        // WebSocket connections leaves them out.
        channel.write(frame, channel.voidPromise());
        if (!flushQueued) {
            flushQueued = true;
            flushes.add(this::flush);
        }
    }

    private void flush() {
        flushQueued = false;
        channel.flush();
    }

    @Override
    public void close(short status, String reason) {
        ws.close(status, reason);
    }

    @Override
    public String transport() {
        return "websocket";
    }
}
