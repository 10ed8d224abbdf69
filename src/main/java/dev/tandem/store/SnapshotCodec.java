package dev.tandem.store;

import io.vertx.core.buffer.Buffer;
import java.nio.charset.StandardCharsets;
import net.jpountz.lz4.LZ4Compressor;
import net.jpountz.lz4.LZ4Exception;
import net.jpountz.lz4.LZ4Factory;
import net.jpountz.lz4.LZ4SafeDecompressor;

/**
 * Binary form of a cached snapshot.
 *
 * <p>Layout: one flag byte ({@link #PLAIN} or {@link #LZ4}). After {@link #LZ4} comes the raw
 * length as a 4-byte int and an LZ4 block of the raw bytes; after {@link #PLAIN} come the raw bytes
 * themselves. Raw bytes: version (8 bytes), timestamp millis (8), then collection, doc id, type URI
 * and data JSON, each as a 4-byte length (-1 for {@code null}) and UTF-8 bytes. All integers are
 * big-endian. Collection and doc id are stored so that a read can reject an entry of another
 * document whose key happens to be the same, such as {@code a/b}+{@code c} and {@code a}+{@code b/c}.
 */
final class SnapshotCodec {

    static final byte PLAIN = 0;
    static final byte LZ4 = 1;

    /** LZ4 cannot expand data by more than about 255 times, so a larger claimed raw length is corrupt. */
    private static final long MAX_EXPANSION = 255;

    private static final LZ4Compressor COMPRESSOR = LZ4Factory.fastestInstance().fastCompressor();
    private static final LZ4SafeDecompressor DECOMPRESSOR = LZ4Factory.fastestInstance().safeDecompressor();

    private final int compressThresholdBytes;

    /** @param compressThresholdBytes raw sizes above this are compressed */
    SnapshotCodec(int compressThresholdBytes) {
        this.compressThresholdBytes = compressThresholdBytes;
    }

    Buffer encode(Snapshot snapshot) {
        Buffer raw = Buffer.buffer()
                .appendLong(snapshot.version())
                .appendLong(snapshot.timestampMillis());
        appendString(raw, snapshot.collection());
        appendString(raw, snapshot.docId());
        appendString(raw, snapshot.typeUri());
        appendString(raw, snapshot.data() == null ? null : JsonValues.encode(snapshot.data()));

        if (raw.length() <= compressThresholdBytes) {
            return Buffer.buffer(raw.length() + 1).appendByte(PLAIN).appendBuffer(raw);
        }
        byte[] compressed = COMPRESSOR.compress(raw.getBytes());
        return Buffer.buffer(compressed.length + 5).appendByte(LZ4).appendInt(raw.length()).appendBytes(compressed);
    }

    /**
     * Decodes a cached value.
     *
     * @throws IllegalArgumentException if the value is corrupt or of another document
     */
    Snapshot decode(Buffer value, String collection, String docId) {
        if (value.length() < 1) {
            throw new IllegalArgumentException("cached snapshot is empty");
        }
        byte flag = value.getByte(0);
        Buffer raw = switch (flag) {
            case PLAIN -> value.slice(1, value.length());
            case LZ4 -> decompress(value);
            default -> throw new IllegalArgumentException("cached snapshot has unknown format flag " + flag);
        };
        try {
            long version = raw.getLong(0);
            long timestampMillis = raw.getLong(8);
            int[] offset = {16};
            String storedCollection = readString(raw, offset);
            String storedDocId = readString(raw, offset);
            String typeUri = readString(raw, offset);
            String data = readString(raw, offset);
            if (!collection.equals(storedCollection) || !docId.equals(storedDocId)) {
                throw new IllegalArgumentException("cached snapshot belongs to " + storedCollection + "/" + storedDocId);
            }
            return new Snapshot(collection, docId, version, typeUri, JsonValues.decode(data), timestampMillis);
        } catch (IndexOutOfBoundsException e) {
            throw new IllegalArgumentException("cached snapshot is truncated", e);
        }
    }

    private static Buffer decompress(Buffer value) {
        if (value.length() < 5) {
            throw new IllegalArgumentException("compressed snapshot is truncated");
        }
        int rawLength = value.getInt(1);
        int compressedLength = value.length() - 5;
        if (rawLength < 0 || rawLength > compressedLength * MAX_EXPANSION + 16) {
            throw new IllegalArgumentException("compressed snapshot has invalid raw length " + rawLength);
        }
        byte[] raw = new byte[rawLength];
        try {
            int written = DECOMPRESSOR.decompress(value.getBytes(5, value.length()), 0, compressedLength, raw, 0);
            if (written != rawLength) {
                throw new IllegalArgumentException("compressed snapshot decompressed to " + written
                        + " bytes, expected " + rawLength);
            }
        } catch (LZ4Exception e) {
            throw new IllegalArgumentException("compressed snapshot is corrupt", e);
        }
        return Buffer.buffer(raw);
    }

    private static void appendString(Buffer buffer, String value) {
        if (value == null) {
            buffer.appendInt(-1);
            return;
        }
        byte[] bytes = value.getBytes(StandardCharsets.UTF_8);
        buffer.appendInt(bytes.length).appendBytes(bytes);
    }

    private static String readString(Buffer buffer, int[] offset) {
        int length = buffer.getInt(offset[0]);
        offset[0] += 4;
        if (length < 0) {
            return null;
        }
        String value = buffer.getString(offset[0], offset[0] + length, "UTF-8");
        offset[0] += length;
        return value;
    }
}
