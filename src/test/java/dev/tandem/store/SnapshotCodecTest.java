package dev.tandem.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vertx.core.buffer.Buffer;
import java.util.List;
import org.junit.jupiter.api.Test;

class SnapshotCodecTest {

    private final SnapshotCodec codec = new SnapshotCodec(64);

    @Test
    void missingDocumentRoundTrips() {
        Snapshot deleted = new Snapshot("c", "d", 4, null, null, 99);

        Snapshot decoded = codec.decode(codec.encode(deleted), "c", "d");

        assertThat(decoded).isEqualTo(deleted);
    }

    @Test
    void compressedRoundTrips() {
        Snapshot large = new Snapshot("c", "d", 4, "t", List.of("x".repeat(1_000)), 99);

        Buffer encoded = codec.encode(large);

        assertThat(encoded.getByte(0)).isEqualTo(SnapshotCodec.LZ4);
        assertThat(codec.decode(encoded, "c", "d")).isEqualTo(large);
    }

    @Test
    void entryOfOtherDocumentIsRejected() {
        Buffer encoded = codec.encode(new Snapshot("a/b", "c", 1, "t", 1, 0));

        assertThatThrownBy(() -> codec.decode(encoded, "a", "b/c")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void truncatedEntryIsRejected() {
        Buffer encoded = codec.encode(new Snapshot("c", "d", 1, "t", "x".repeat(1_000), 0));

        Buffer truncated = encoded.slice(0, encoded.length() / 2);

        assertThatThrownBy(() -> codec.decode(truncated, "c", "d")).isInstanceOf(IllegalArgumentException.class);
    }
}
