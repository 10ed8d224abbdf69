package dev.tandem.session;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * A complete WebSocket text frame as a server sends it (RFC 6455 section 5.2: final fragment, no
 * mask, no extension), encoded once so that every recipient of the same message writes the same
 * bytes. The frame lives in direct memory that the garbage collector frees, so writers need not
 * track who still holds it: each writes a {@link #duplicate()}, whose release does nothing.
 */
final class TextFrame {

    private static final int FIN_TEXT = 0x81;

    private final ByteBuf bytes;

    private TextFrame(ByteBuf bytes) {
        this.bytes = bytes;
    }

    static TextFrame of(String text) {
        byte[] payload = text.getBytes(StandardCharsets.UTF_8);
        int length = payload.length;
        int header = 10;
        if (length < 126) {
            header = 2;
        } else if (length <= 0xFFFF) {
            header = 4;
        }
        ByteBuffer frame = ByteBuffer.allocateDirect(header + length);
        frame.put((byte) FIN_TEXT);
        if (length < 126) {
            frame.put((byte) length);
        } else if (length <= 0xFFFF) {
            frame.put((byte) 126);
            frame.putShort((short) length);
        } else {
            frame.put((byte) 127);
            frame.putLong(length);
        }
        frame.put(payload);
        frame.flip();
        return new TextFrame(Unpooled.unreleasableBuffer(Unpooled.wrappedBuffer(frame)));
    }

    /** Returns a view of the frame with its own reader index, for one write. */
    ByteBuf duplicate() {
        return bytes.duplicate();
    }
}
